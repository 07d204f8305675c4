package cn.mutualaid.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Mints RS256 test tokens with a key pair made for this JVM; services check them with its public key file. Every
 * token carries the test issuer and audience ({@link MeshTestInitializer} configures the services to expect them);
 * {@link #sign(JWTClaimsSet.Builder)} signs hand-made claims, for tokens that must be refused.
 */
public final class TestJwt {
    public static final String ISSUER = "https://identity.test.mutualaid.invalid/realms/mesh";
    public static final String AUDIENCE = "mutual-aid-mesh";
    private static final KeyPair KEYS = generate();
    private static volatile Path publicKeyFile;

    private TestJwt() {
    }

    public static String insured(String personId) {
        return mint(personId, null, Duration.ofHours(1), "INSURED");
    }

    public static String agency(String area) {
        return mint("agency-" + area, area, Duration.ofHours(1), "AGENCY");
    }

    public static String provider(String providerId) {
        return mint(providerId, null, Duration.ofHours(1), "PROVIDER");
    }

    public static String clearing() {
        return mint("clearing-centre", null, Duration.ofHours(1), "CLEARING");
    }

    public static String admin() {
        return mint("admin", null, Duration.ofHours(1), "ADMIN");
    }

    public static String mint(String subject, String area, Duration ttl, String... roles) {
        return sign(claims(subject, area, ttl, roles));
    }

    /** The claims {@link #mint} signs, as a builder: change or drop one to make a token that must be refused. */
    public static JWTClaimsSet.Builder claims(String subject, String area, Duration ttl, String... roles) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("roles", List.of(roles));
        if (area != null) {
            claims.claim("area", area);
        }
        return claims;
    }

    /** Signs the claims with this JVM's key: only the claims can make the token wrong. */
    public static String sign(JWTClaimsSet.Builder claims) {
        return sign(claims.build(), KEYS);
    }

    /** A token signed by some other key: must be refused everywhere. */
    public static String forged(String subject, String... roles) {
        KeyPair other = generate();
        return sign(claims(subject, null, Duration.ofMinutes(10), roles).build(), other);
    }

    private static String sign(JWTClaimsSet claims, KeyPair keys) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The public key in PEM, written once per JVM; {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public static synchronized Path publicKeyFile() {
        if (publicKeyFile == null) {
            try {
                Path file = Files.createTempFile("mesh-test-jwt", ".pem");
                file.toFile().deleteOnExit();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                Files.writeString(file, pem);
                publicKeyFile = file;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return publicKeyFile;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
