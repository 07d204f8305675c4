package cn.mutualaid.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MutableClock;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CachingJwtDecoderTest {
    final MutableClock clock = new MutableClock(Instant.now());
    final AtomicInteger signatureChecks = new AtomicInteger();
    final JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);

    CachingJwtDecoder decoder(int maxEntries) {
        timestamps.setClock(clock);
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder
                .withPublicKey(MeshSecurityAutoConfiguration.readPublicKey(TestJwt.publicKeyFile().toString())).build();
        nimbus.setJwtValidator(timestamps);
        ReactiveJwtDecoder counting = token -> Mono.defer(() -> {
            signatureChecks.incrementAndGet();
            return nimbus.decode(token);
        });
        return new CachingJwtDecoder(counting, timestamps, maxEntries, Duration.ofMinutes(5), clock);
    }

    @Test
    void theSameTokenIsVerifiedOnceThenServedFromTheCache() {
        CachingJwtDecoder decoder = decoder(100);
        String token = TestJwt.insured("P-1");
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(decoder.decode(token).map(Jwt::getSubject)).expectNext("P-1").verifyComplete();
        }
        assertThat(signatureChecks).hasValue(1);
    }

    @Test
    void aCachedTokenStillExpiresOnTime() {
        CachingJwtDecoder decoder = decoder(100);
        String token = TestJwt.mint("P-2", null, Duration.ofMinutes(2), "INSURED");
        StepVerifier.create(decoder.decode(token)).expectNextCount(1).verifyComplete();
        clock.advance(Duration.ofMinutes(3));
        StepVerifier.create(decoder.decode(token)).expectError(JwtValidationException.class).verify();
        assertThat(decoder.size()).isZero();
    }

    @Test
    void anEntryIsVerifiedAgainAfterItsTimeToLive() {
        CachingJwtDecoder decoder = decoder(100);
        String token = TestJwt.mint("P-3", null, Duration.ofHours(1), "INSURED");
        decoder.decode(token).block();
        clock.advance(Duration.ofMinutes(6));
        StepVerifier.create(decoder.decode(token).map(Jwt::getSubject)).expectNext("P-3").verifyComplete();
        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void aForgedTokenIsRefusedEveryTimeAndNeverRemembered() {
        CachingJwtDecoder decoder = decoder(100);
        String forged = TestJwt.forged("P-4", "INSURED");
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(decoder.decode(forged)).expectError().verify();
        }
        assertThat(signatureChecks).hasValue(2);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void theCacheNeverHoldsMoreThanItsSize() {
        CachingJwtDecoder decoder = decoder(3);
        for (int i = 0; i < 10; i++) {
            decoder.decode(TestJwt.insured("P-" + i)).block();
            assertThat(decoder.size()).isBetween(1L, 3L);
        }
    }

    @Test
    void aFullCacheKeepsTheTokenInUse() {
        CachingJwtDecoder decoder = decoder(5);
        String till = TestJwt.provider("till-1");
        for (int i = 0; i < 50; i++) {
            for (int use = 0; use < 3; use++) {
                decoder.decode(till).block();
            }
            decoder.decode(TestJwt.insured("once-" + i)).block();
        }
        // One check for the till's token, one for each of the 50 others: the hot entry was never evicted.
        assertThat(signatureChecks).hasValue(51);
    }

    @Test
    void aCachedTokenIsRefusedOnceItsClaimsNoLongerHold() {
        // A validator that starts refusing (as the lifetime rule does for a token without iat) wins over the cache.
        AtomicBoolean refuse = new AtomicBoolean();
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder
                .withPublicKey(MeshSecurityAutoConfiguration.readPublicKey(TestJwt.publicKeyFile().toString())).build();
        OAuth2TokenValidator<Jwt> claims = jwt -> refuse.get()
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token"))
                : OAuth2TokenValidatorResult.success();
        nimbus.setJwtValidator(claims);
        CachingJwtDecoder decoder = new CachingJwtDecoder(nimbus, claims, 100, Duration.ofMinutes(5), clock);
        String token = TestJwt.insured("P-9");
        decoder.decode(token).block();
        refuse.set(true);
        StepVerifier.create(decoder.decode(token)).expectError(JwtValidationException.class).verify();
        assertThat(decoder.size()).isZero();
    }
}
