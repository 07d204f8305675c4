package cn.mutualaid.relation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's clock in the integration tests: the system clock, unless a test stops it at an instant, so that the
 * test can stand exactly one millisecond before a scheduled instant, or at it. It replaces the platform's clock bean
 * (which backs off when a Clock bean exists); a test that stops it starts it again when it ends.
 */
public class TestClock extends Clock {
    private volatile Instant stoppedAt;

    /** From now on the clock reads {@code instant}, until {@link #reset}. */
    public void stopAt(Instant instant) {
        stoppedAt = instant;
    }

    public void reset() {
        stoppedAt = null;
    }

    @Override
    public Instant instant() {
        Instant stopped = stoppedAt;
        return stopped == null ? Instant.now() : stopped;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service works in UTC");
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }
}
