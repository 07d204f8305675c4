package cn.mutualaid.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the mesh adds to Spring Boot's resource-server settings ({@code spring.security.oauth2.resourceserver.jwt.*}:
 * where keys come from, the issuer and the audiences). {@code maxLifetime}: the longest a token may live
 * ({@code exp - iat}); {@code providerMaxLifetime}: the same for providers' client-credential tokens.
 * {@code cacheSize} verified tokens are remembered for at most {@code cacheTtl} (see {@link CachingJwtDecoder});
 * a cache size of 0 checks every signature.
 */
@ConfigurationProperties("mesh.security.jwt")
public record MeshSecurityProperties(@DefaultValue("1h") Duration maxLifetime,
        @DefaultValue("1h") Duration providerMaxLifetime,
        @DefaultValue("10000") int cacheSize, @DefaultValue("5m") Duration cacheTtl) {
}
