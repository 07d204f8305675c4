package cn.mutualaid.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens whose signature has been verified, so that a caller's next requests with the same token skip the
 * RSA check. Why: under peak load the signature check was a quarter of the gateway's CPU and a sixth of the wallet's
 * (a till sends the same provider token thousands of times a day).
 *
 * <p>Only the exact same token string hits; its claims are validated again on every use (expiry, not-before), so a
 * cached token expires exactly as an uncached one; an entry lives at most {@code ttl}, so a rotated-out signing key
 * stops being honoured within it. Failures are never remembered. At most {@code maxEntries} tokens are kept: when
 * full, expired entries go first, then everything (a cold cache only costs the signature checks it saved).
 */
public final class CachingJwtDecoder implements ReactiveJwtDecoder {
    private final ReactiveJwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> verified = new ConcurrentHashMap<>();

    private record Entry(Jwt jwt, Instant until) {
    }

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
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Instant now = clock.instant();
        Entry entry = verified.get(token);
        if (entry != null) {
            if (now.isBefore(entry.until()) && !claims.validate(entry.jwt()).hasErrors()) {
                return Mono.just(entry.jwt());
            }
            // Expired here or no longer valid: the verifier gives the precise error (or a fresh entry).
            verified.remove(token, entry);
        }
        return verifier.decode(token).doOnNext(jwt -> remember(token, jwt, now));
    }

    int size() {
        return verified.size();
    }

    private void remember(String token, Jwt jwt, Instant now) {
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(e -> !now.isBefore(e.until()));
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        Instant until = now.plus(ttl);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        verified.put(token, new Entry(jwt, until));
    }
}
