package cn.mutualaid.platform.probe;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A correctly signed token is not enough: it must name this platform's issuer and audience, carry an expiry, and
 * live no longer than the configured maximum (1 h). Each case differs from an accepted token in one claim only.
 */
@MeshTest
class TokenClaimsIT {
    @Autowired WebTestClient web;

    @Test
    void aTokenWithEveryRequiredClaimIsAccepted() {
        call(TestJwt.sign(claims(Duration.ofHours(1)))).isOk();
    }

    @Test
    void aTokenWithoutAudienceIs401() {
        call(TestJwt.sign(claims(Duration.ofMinutes(10)).audience((String) null))).isUnauthorized();
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        call(TestJwt.sign(claims(Duration.ofMinutes(10)).audience("another-system"))).isUnauthorized();
    }

    @Test
    void aTokenOfAnotherIssuerIs401() {
        call(TestJwt.sign(claims(Duration.ofMinutes(10)).issuer("https://elsewhere.invalid/realms/x")))
                .isUnauthorized();
        call(TestJwt.sign(claims(Duration.ofMinutes(10)).issuer(null))).isUnauthorized();
    }

    @Test
    void aTokenLivingLongerThanTheMaximumIs401() {
        call(TestJwt.sign(claims(Duration.ofHours(1).plusMinutes(1)))).isUnauthorized();
        // Without iat, what counts is how long it still lives.
        call(TestJwt.sign(claims(Duration.ofHours(2)).issueTime(null))).isUnauthorized();
        call(TestJwt.sign(claims(Duration.ofMinutes(30)).issueTime(null))).isOk();
    }

    @Test
    void anExpiredTokenOrOneWithoutExpiryIs401() {
        Instant past = Instant.now().minus(Duration.ofMinutes(5));
        call(TestJwt.sign(claims(Duration.ofMinutes(10)).issueTime(Date.from(past.minusSeconds(600)))
                .expirationTime(Date.from(past)))).isUnauthorized();
        call(TestJwt.sign(claims(Duration.ofMinutes(10)).expirationTime(null))).isUnauthorized();
    }

    private static JWTClaimsSet.Builder claims(Duration ttl) {
        return TestJwt.claims("p-7", null, ttl, "INSURED");
    }

    private org.springframework.test.web.reactive.server.StatusAssertions call(String token) {
        return web.get().uri("/probe/whoami").headers(h -> h.setBearerAuth(token)).exchange().expectStatus();
    }
}
