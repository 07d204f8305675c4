package cn.mutualaid.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens whose signature has been verified, so that a caller's next requests with the same token skip the
 * RSA check. Why: under peak load the signature check was a quarter of the gateway's CPU and a sixth of the wallet's
 * (a till sends the same provider token thousands of times a day).
 *
 * <p>Only the exact same token string hits; its claims are validated again on every use (expiry, issuer, audience,
 * lifetime), so a cached token expires exactly as an uncached one; an entry lives at most {@code ttl} (and never past
 * the token's own expiry), so a rotated-out signing key stops being honoured within it. Failures are never
 * remembered. Caffeine bounds the cache to {@code maxEntries} and, when full, keeps the tokens used most often.
 */
public final class CachingJwtDecoder implements ReactiveJwtDecoder {
    private final ReactiveJwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier checks signature and claims (the real decoder)
     * @param claims the same claim validator the verifier applies, re-run on every cache hit
     */
    public CachingJwtDecoder(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> claims, int maxEntries,
            Duration ttl, Clock clock) {
        if (maxEntries < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token cache needs a positive size and time to live");
        }
        this.verifier = verifier;
        this.claims = claims;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new UntilTtlOrExpiry(ttl, clock))
                .ticker(ticker(clock))
                // Evictions happen on the calling thread: no pool thread per instance, and a size that tests can read.
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt cached = verified.getIfPresent(token);
        if (cached != null) {
            if (!claims.validate(cached).hasErrors()) {
                return Mono.just(cached);
            }
            // No longer valid: the verifier gives the precise error.
            verified.invalidate(token);
        }
        return verifier.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** An entry lives for the time to live, or until the token expires if that comes first. */
    private record UntilTtlOrExpiry(Duration ttl, Clock clock) implements Expiry<String, Jwt> {
        @Override
        public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
            Duration life = ttl;
            if (jwt.getExpiresAt() != null) {
                Duration untilExpiry = Duration.between(clock.instant(), jwt.getExpiresAt());
                if (untilExpiry.compareTo(life) < 0) {
                    life = untilExpiry.isNegative() ? Duration.ZERO : untilExpiry;
                }
            }
            return life.toNanos();
        }

        @Override
        public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(token, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
