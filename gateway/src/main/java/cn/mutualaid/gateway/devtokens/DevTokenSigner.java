package cn.mutualaid.gateway.devtokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Signs RS256 tokens shaped like the identity provider's: issuer, audience, subject, roles, optional area, issued-at
 * and expiry; the mesh refuses a token that lacks any of the first three or the expiry.
 */
public class DevTokenSigner {
    private final RSASSASigner signer;
    private final String issuer;
    private final String audience;

    public DevTokenSigner(PrivateKey key, String issuer, String audience) {
        this.signer = new RSASSASigner(key);
        this.issuer = issuer;
        this.audience = audience;
    }

    public String sign(String subject, List<String> roles, String area, Instant issuedAt, Duration ttl) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)))
                .claim("roles", roles);
        if (area != null) {
            claims.claim("area", area);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
        return jwt.serialize();
    }

    /**
     * Fails fast when the mesh would refuse what this signer mints: the private key is not the other half of the
     * public key the gateway and the services check tokens with (MESH_JWT_PRIVATE_KEY vs MESH_JWT_PUBLIC_KEY).
     */
    public void checkAcceptedBy(ReactiveJwtDecoder decoder) {
        String probe = sign("dev-tokens-key-check", List.of(), null, Instant.now(), Duration.ofMinutes(1));
        try {
            decoder.decode(probe).block(Duration.ofSeconds(10));
        } catch (JwtException e) {
            throw new IllegalStateException("mesh.dev-tokens.private-key-location does not match the public key in "
                    + "spring.security.oauth2.resourceserver.jwt: minted tokens would be refused (" + e.getMessage()
                    + ")", e);
        }
    }

    /** Reads a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----") from a path or resource location. */
    public static PrivateKey readPrivateKey(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("the local profile mints tokens: set mesh.dev-tokens.private-key-location"
                    + " (MESH_JWT_PRIVATE_KEY) to the PKCS#8 PEM private key");
        }
        Resource resource = location.contains(":") ? new DefaultResourceLoader().getResource(location)
                : new FileSystemResource(location);
        try (InputStream in = resource.getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            if (pem.contains("BEGIN RSA PRIVATE KEY")) {
                throw new IllegalStateException("the key at " + location + " is PKCS#1; convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt' to PKCS#8 (BEGIN PRIVATE KEY)");
            }
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the development token key at " + location, e);
        }
    }
}
