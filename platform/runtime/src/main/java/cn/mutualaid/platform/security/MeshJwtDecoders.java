package cn.mutualaid.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The mesh's token decoder from Spring Boot's resource-server settings: keys from {@code public-key-location} (the
 * launcher's key, a mounted Secret), else {@code jwk-set-uri}, else the OpenID discovery document of
 * {@code issuer-uri}; and every token must carry the configured issuer ({@code iss}), one of the configured
 * {@code audiences} ({@code aud}), an expiry ({@code exp}) and a lifetime within {@link MeshSecurityProperties}.
 * Issuer and audiences are required: without them a token of any other system signed by the same provider would do.
 */
final class MeshJwtDecoders {
    static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

    private MeshJwtDecoders() {
    }

    static ReactiveJwtDecoder create(OAuth2ResourceServerProperties.Jwt jwt, MeshSecurityProperties mesh,
            Clock clock) {
        String issuer = required(jwt.getIssuerUri(), "issuer-uri", "MESH_JWT_ISSUER");
        List<String> audiences = jwt.getAudiences() == null ? List.of()
                : jwt.getAudiences().stream().filter(a -> a != null && !a.isBlank()).toList();
        if (audiences.isEmpty()) {
            throw new IllegalStateException("set " + PREFIX + "audiences (MESH_JWT_AUDIENCE): tokens meant for"
                    + " other systems would otherwise be accepted");
        }
        NimbusReactiveJwtDecoder decoder = verifier(jwt, issuer);
        OAuth2TokenValidator<Jwt> claims = claims(issuer, audiences, mesh, clock);
        decoder.setJwtValidator(claims);
        decoder.setClaimSetConverter(withoutInventedIssuedAt());
        return mesh.cacheSize() > 0
                ? new CachingJwtDecoder(decoder, claims, mesh.cacheSize(), mesh.cacheTtl(), clock)
                : decoder;
    }

    /** iss, aud, exp (required), nbf, and the lifetime: the same checks on a cache hit as on a signature check. */
    static OAuth2TokenValidator<Jwt> claims(String issuer, List<String> audiences, MeshSecurityProperties mesh,
            Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(
                timestamps,
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && !Collections.disjoint(aud, audiences)),
                new TokenLifetimeValidator(mesh.maxLifetime(), mesh.providerMaxLifetime(), clock));
    }

    /**
     * Spring's claim mapping invents {@code iat = exp - 1 s} for a token without one, which would make any such token
     * look one second long: the lifetime rule must see that there was none.
     */
    static Converter<Map<String, Object>, Map<String, Object>> withoutInventedIssuedAt() {
        MappedJwtClaimSetConverter defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
        return raw -> {
            Map<String, Object> claims = defaults.convert(raw);
            if (!raw.containsKey(JwtClaimNames.IAT)) {
                claims.remove(JwtClaimNames.IAT);
            }
            return claims;
        };
    }

    private static NimbusReactiveJwtDecoder verifier(OAuth2ResourceServerProperties.Jwt jwt, String issuer) {
        if (jwt.getPublicKeyLocation() != null) {
            return NimbusReactiveJwtDecoder.withPublicKey(
                    MeshSecurityAutoConfiguration.readPublicKey(jwt.getPublicKeyLocation())).build();
        }
        if (jwt.getJwkSetUri() != null && !jwt.getJwkSetUri().isBlank()) {
            return NimbusReactiveJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        }
        // The identity provider's discovery document, read on the first token (a start never waits for it).
        return NimbusReactiveJwtDecoder.withIssuerLocation(issuer).build();
    }

    private static String required(String value, String property, String env) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("set " + PREFIX + property + " (" + env + "): tokens cannot be checked");
        }
        return value;
    }
}
