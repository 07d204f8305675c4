package cn.mutualaid.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.testing.MutableClock;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.ledger.domain.LedgerReport;
import cn.mutualaid.wallet.ledger.domain.LedgerScope;
import cn.mutualaid.wallet.ledger.store.LedgerCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The ledger check's bounds, with a stand-in for the SQL: one at a time, answers shared and reused briefly. */
class LedgerChecksTest {
    static final Caller CLEARING = new Caller("c", Set.of(Role.CLEARING), null);
    static final Caller SUZHOU = new Caller("a", Set.of(Role.AGENCY), "320500");

    /** Counts runs; each run finishes when the test says so. */
    static final class Scripted extends LedgerCheck {
        final AtomicInteger runs = new AtomicInteger();
        volatile Sinks.One<LedgerReport> next = Sinks.one();

        Scripted() {
            super(null, null);
        }

        @Override
        public Mono<LedgerReport> run(LedgerScope scope, Duration statementTimeout) {
            runs.incrementAndGet();
            return next.asMono();
        }

        void finish(String scope) {
            Sinks.One<LedgerReport> current = next;
            next = Sinks.one();
            current.tryEmitValue(new LedgerReport(scope, true, 1, 10, 0, List.of()));
        }
    }

    static LedgerChecks checks(LedgerCheck check, MutableClock clock, Duration ttl, Duration maxWait) {
        var limits = new WalletProperties.LedgerCheckLimits(ttl, maxWait, Duration.ofSeconds(30));
        var properties = new WalletProperties(Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofSeconds(5),
                true, 1_000_000, limits, WalletProperties.PaymentWrite.FUNCTION);
        return new LedgerChecks(check, properties, clock, new SimpleMeterRegistry());
    }

    @Test
    void callersOfTheRunningScopeShareItsAnswerWhichIsReusedUntilItExpires() {
        Scripted sql = new Scripted();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
        LedgerChecks checks = checks(sql, clock, Duration.ofSeconds(10), Duration.ofMillis(100));

        Mono<LedgerReport> first = checks.check(CLEARING);
        Mono<LedgerReport> second = checks.check(CLEARING);
        StepVerifier.create(Mono.zip(first, second))
                .then(() -> sql.finish("NATIONAL"))
                .assertNext(both -> assertThat(both.getT1()).isSameAs(both.getT2()))
                .verifyComplete();
        assertThat(sql.runs).hasValue(1);

        clock.advance(Duration.ofSeconds(9));
        StepVerifier.create(checks.check(CLEARING)).expectNextCount(1).verifyComplete();
        assertThat(sql.runs).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        StepVerifier.create(checks.check(CLEARING)).then(() -> sql.finish("NATIONAL")).expectNextCount(1)
                .verifyComplete();
        assertThat(sql.runs).hasValue(2);
    }

    @Test
    void anotherScopeWaitsBrieflyForTheRunningOneThenIsToldToRetry() {
        Scripted sql = new Scripted();
        LedgerChecks checks = checks(sql, new MutableClock(Instant.EPOCH), Duration.ZERO, Duration.ofMillis(100));
        var running = checks.check(CLEARING).subscribe();
        StepVerifier.create(checks.check(SUZHOU))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(Rejection.class);
                    assertThat(((Rejection) e).kind()).isEqualTo(Rejection.Kind.NOT_YET);
                    assertThat(((Rejection) e).code()).isEqualTo("LEDGER_CHECK_BUSY");
                })
                .verify(Duration.ofSeconds(5));
        sql.finish("NATIONAL");
        running.dispose();
        // Once the running check is done, the other scope gets its turn.
        StepVerifier.create(checks.check(SUZHOU)).then(() -> sql.finish("320500"))
                .assertNext(r -> assertThat(r.scope()).isEqualTo("320500")).verifyComplete();
    }

    @Test
    void personsAndProvidersAreRefused() {
        LedgerChecks checks = checks(new Scripted(), new MutableClock(Instant.EPOCH), Duration.ZERO, Duration.ZERO);
        for (Role role : List.of(Role.INSURED, Role.PROVIDER)) {
            StepVerifier.create(checks.check(new Caller("x", Set.of(role), null)))
                    .expectErrorSatisfies(e -> assertThat(((Rejection) e).kind()).isEqualTo(Rejection.Kind.FORBIDDEN))
                    .verify();
        }
        StepVerifier.create(checks.check(new Caller("x", Set.of(Role.AGENCY), null)))
                .expectErrorSatisfies(e -> assertThat(((Rejection) e).kind()).isEqualTo(Rejection.Kind.FORBIDDEN))
                .verify();
    }
}
