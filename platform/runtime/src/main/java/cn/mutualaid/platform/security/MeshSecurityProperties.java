package cn.mutualaid.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where tokens are checked from. {@code publicKeyLocation}: an RSA public key in PEM (a file on the launcher,
 * a mounted Secret on Kubernetes); {@code jwkSetUri}: a JWK set of the identity provider. One must be set.
 * {@code cacheSize} verified tokens are remembered for at most {@code cacheTtl} (see {@link CachingJwtDecoder});
 * a cache size of 0 checks every signature.
 */
@ConfigurationProperties("mesh.security.jwt")
public record MeshSecurityProperties(String publicKeyLocation, String jwkSetUri, String issuer,
        @DefaultValue("10000") int cacheSize, @DefaultValue("5m") Duration cacheTtl) {
}
