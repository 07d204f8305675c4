package cn.mutualaid.mesh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows a log like {@code tail -F}, in this JVM (no child process to leave behind): each complete new line goes
 * to the consumer; when the file is replaced (a new run rotates it) or truncated, it starts again from the top.
 */
final class LogFollower implements Runnable {
    private final Path log;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long position;
    private Object fileKey;

    LogFollower(Path log, Consumer<String> lines) {
        this.log = log;
        this.lines = lines;
    }

    @Override
    public void run() {
        try {
            BasicFileAttributes start = Files.readAttributes(log, BasicFileAttributes.class);
            position = start.size();
            fileKey = start.fileKey();
            while (true) {
                poll();
                Procs.sleep(300);
            }
        } catch (IOException e) {
            throw new MeshException("cannot follow " + log + ": " + e.getMessage(), e);
        }
    }

    /** Reads what was appended since the last poll. */
    void poll() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(log, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!Objects.equals(now.fileKey(), fileKey) || now.size() < position) {
            fileKey = now.fileKey();
            position = 0;
            partial.reset();
        }
        if (now.size() == position) {
            return;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(position);
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        lines.accept(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
                buffer.clear();
            }
            position = channel.position();
        }
    }
}
