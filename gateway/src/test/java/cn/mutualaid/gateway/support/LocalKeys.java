package cn.mutualaid.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A key pair in PEM files, like the launcher's .mesh/jwt/{private,public}.pem, made once per JVM. */
public final class LocalKeys {
    private static Path privateKey;
    private static Path publicKey;

    private LocalKeys() {
    }

    public static synchronized Path privateKeyFile() {
        generate();
        return privateKey;
    }

    public static synchronized Path publicKeyFile() {
        generate();
        return publicKey;
    }

    private static void generate() {
        if (privateKey != null) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createTempDirectory("mesh-local-jwt");
            privateKey = write(dir.resolve("private.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
            publicKey = write(dir.resolve("public.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        file.toFile().deleteOnExit();
        return Files.writeString(file, pem);
    }
}
