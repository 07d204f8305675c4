package cn.mutualaid.gateway.support;

import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.util.UUID;

/** Test tokens with a fresh subject each, so that tests never share a rate-limit bucket. */
public final class Tokens {
    public static final String AREA = "320500";

    private Tokens() {
    }

    public static String fresh(String role) {
        String subject = role.toLowerCase() + "-" + UUID.randomUUID();
        return TestJwt.mint(subject, "AGENCY".equals(role) ? AREA : null, Duration.ofHours(1), role);
    }
}
