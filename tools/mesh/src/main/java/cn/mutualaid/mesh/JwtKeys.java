package cn.mutualaid.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The RSA key pair of the local mesh: the gateway's {@code /dev/tokens} signs with the private key (PKCS#8 PEM), every
 * application verifies with the public one (X.509 SubjectPublicKeyInfo PEM). Made on first run, kept under the
 * mesh's home, never committed.
 */
final class JwtKeys {
    final Path privateKey;
    final Path publicKey;

    JwtKeys(Path home) {
        Path dir = home.resolve("jwt");
        this.privateKey = dir.resolve("private.pem");
        this.publicKey = dir.resolve("public.pem");
    }

    /** True when it made a new pair. */
    boolean ensure() {
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return false;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateKey.getParent());
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            try {
                Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps its default permissions
            }
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return true;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
