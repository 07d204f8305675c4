package cn.mutualaid.mesh;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * A service's secret keys for the local mesh, like {@link JwtKeys}: made on first run (random 256-bit keys), kept
 * under the mesh's home (mode 600), never committed; edited by hand to rotate.
 */
final class LocalKeyFile {
    private LocalKeyFile() {
    }

    /** The file's properties; when there is no file yet, {@code first} with every "random" value made random. */
    static Properties ensure(Path file, String comment, Map<String, String> first) {
        try {
            Properties keys = new Properties();
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    keys.load(in);
                }
                return keys;
            }
            first.forEach((name, value) -> keys.setProperty(name, "random".equals(value) ? random() : value));
            Files.createDirectories(file.getParent());
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps its default permissions
            }
            try (Writer out = Files.newBufferedWriter(file)) {
                keys.store(out, comment);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
