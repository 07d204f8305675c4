package cn.mutualaid.mesh;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Starting, recognising and stopping the mesh's processes. */
final class Procs {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Procs() {
    }

    /**
     * Starts {@code command} in its own session (so that Ctrl-C in the terminal reaches only the launcher, which
     * stops the parts in order, and {@code up -d} leaves them running after the launcher has exited), with stdin
     * from /dev/null and stdout + stderr to {@code log}.
     */
    static Process start(List<String> command, Map<String, String> env, Path workDir, Path log) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new MeshException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** A process's command line, arguments joined by spaces and ending with one (a match can end at an argument). */
    static Optional<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return Optional.of(new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            // no /proc (not Linux) or the process has just gone
            return process.info().commandLine().map(cmd -> cmd + " ");
        }
    }

    /** Asks the process to stop with {@code signal} (TERM, INT or KILL). */
    static void signal(ProcessHandle process, String signal) {
        if (signal.equals("TERM")) {
            process.destroy();
        } else if (signal.equals("KILL")) {
            process.destroyForcibly();
        } else {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start()
                        .waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                process.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the process has gone; false after {@code millis}. */
    static boolean awaitExit(ProcessHandle process, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (process.isAlive()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    /** The last {@code count} lines of a log (the last 256 KiB of it at most). */
    static List<String> lastLines(Path log, int count) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = Math.max(0, bytes.length - 256 * 1024);
            String[] lines = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).split("\r?\n");
            return List.of(lines).subList(Math.max(0, lines.length - count), lines.length);
        } catch (IOException e) {
            return List.of("(no log at " + log + ")");
        }
    }

    /**
     * A log line for a person: a structured (JSON) line becomes {@code time LEVEL message} plus the error's stack
     * trace, other lines stay as they are.
     */
    static List<String> readable(String line) {
        if (!line.startsWith("{") || !line.contains("\"message\":\"")) {
            return List.of(line);
        }
        String time = jsonString(line, "@timestamp");
        String text = (time.length() > 23 ? time.substring(11, 23) : time) + " " + jsonString(line, "level") + " "
                + jsonString(line, "message");
        String stack = jsonString(line, "stack_trace");
        if (!stack.isEmpty()) {
            text += "\n" + stack;
        }
        return List.of(text.split("\n"));
    }

    /** The first string value of {@code key} in a JSON text, unescaped; empty when there is none. */
    static String jsonString(String json, String key) {
        int at = json.indexOf("\"" + key + "\":\"");
        if (at < 0) {
            return "";
        }
        StringBuilder value = new StringBuilder();
        for (int i = at + key.length() + 4; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\' && i + 1 < json.length()) {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append("    ");
                    case 'r' -> { }
                    case 'u' -> {
                        String hex = json.substring(i + 1, Math.min(i + 5, json.length()));
                        value.append((char) Integer.parseInt(hex, 16));
                        i += 4;
                    }
                    default -> value.append(e);
                }
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException("interrupted");
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new MeshException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
