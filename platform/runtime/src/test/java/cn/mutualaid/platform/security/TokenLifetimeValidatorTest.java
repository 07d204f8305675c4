package cn.mutualaid.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenLifetimeValidatorTest {
    final Instant now = Instant.parse("2026-03-01T08:00:00Z");
    final TokenLifetimeValidator validator = new TokenLifetimeValidator(Duration.ofHours(1), Duration.ofHours(8),
            Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void aPersonsTokenMayLiveAnHourAndNoLonger() {
        assertThat(valid(now, now.plus(Duration.ofHours(1)), "INSURED")).isTrue();
        assertThat(valid(now, now.plus(Duration.ofHours(1)).plusSeconds(1), "INSURED")).isFalse();
    }

    @Test
    void withoutIssuedAtTheRemainingLifeCounts() {
        assertThat(valid(null, now.plus(Duration.ofMinutes(59)), "AGENCY")).isTrue();
        assertThat(valid(null, now.plus(Duration.ofHours(2)), "AGENCY")).isFalse();
    }

    @Test
    void aProviderSystemsTokenHasItsOwnMaximumButNotAMixedOne() {
        assertThat(valid(now, now.plus(Duration.ofHours(8)), "PROVIDER")).isTrue();
        assertThat(valid(now, now.plus(Duration.ofHours(9)), "PROVIDER")).isFalse();
        assertThat(valid(now, now.plus(Duration.ofHours(8)), "PROVIDER", "ADMIN")).isFalse();
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuedAt(now).claim("roles", List.of("INSURED"))
                .build();
        assertThat(validator.validate(jwt).hasErrors()).isTrue();
    }

    private boolean valid(Instant issuedAt, Instant expiresAt, String... roles) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").expiresAt(expiresAt)
                .claim("roles", List.of(roles));
        if (issuedAt != null) {
            jwt.issuedAt(issuedAt);
        }
        return !validator.validate(jwt.build()).hasErrors();
    }
}
