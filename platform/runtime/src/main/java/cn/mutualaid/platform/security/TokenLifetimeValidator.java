package cn.mutualaid.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses tokens that live longer than allowed: a stolen token is only worth as much as its lifetime. The lifetime
 * is {@code exp - iat}, or {@code exp - now} when the issuer left {@code iat} out (then such a token becomes
 * acceptable once its remaining life is short enough, which is no more than an honest short token could do).
 * A token without {@code exp} is refused here too. Providers' systems (tokens whose only role is PROVIDER, issued
 * by client credentials) may have their own, longer maximum.
 */
public final class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {
    private final Duration maxLifetime;
    private final Duration providerMaxLifetime;
    private final Clock clock;

    public TokenLifetimeValidator(Duration maxLifetime, Duration providerMaxLifetime, Clock clock) {
        this.maxLifetime = maxLifetime;
        this.providerMaxLifetime = providerMaxLifetime;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return refuse("the token has no expiry (exp)");
        }
        Instant from = jwt.getIssuedAt() != null ? jwt.getIssuedAt() : clock.instant();
        Duration lifetime = Duration.between(from, expiresAt);
        Duration allowed = allowedFor(jwt);
        if (lifetime.compareTo(allowed) > 0) {
            return refuse("the token lives " + lifetime.toSeconds() + " s, longer than the " + allowed.toSeconds()
                    + " s allowed");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private Duration allowedFor(Jwt jwt) {
        var roles = Caller.of(jwt).roles();
        return roles.size() == 1 && roles.contains(Role.PROVIDER) ? providerMaxLifetime : maxLifetime;
    }

    private static OAuth2TokenValidatorResult refuse(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
    }
}
