package cn.mutualaid.wallet.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Allocation.Source source(String id, long remaining, long secondsAfterT0) {
        return new Allocation.Source(id, "rel-" + id, "benefactor-" + id, "320500", T0.plusSeconds(secondsAfterT0), remaining);
    }

    @Test
    void oldestGrantPaysFirstAndTheRestSplitsToTheNext() {
        Allocation.Source newer = source("b", 500, 60);
        Allocation.Source older = source("a", 300, 0);
        List<Allocation.Part> parts = Allocation.allocate(700, List.of(newer, older));
        assertThat(parts).extracting(p -> p.source().quotaId(), Allocation.Part::amountFen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 300L), org.assertj.core.groups.Tuple.tuple("b", 400L));
    }

    @Test
    void oneQuotaIsEnoughSoNoOtherIsTouched() {
        List<Allocation.Part> parts = Allocation.allocate(100, List.of(source("a", 300, 0), source("b", 500, 1)));
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).amountFen()).isEqualTo(100);
    }

    @Test
    void sameGrantTimeIsOrderedByQuotaId() {
        List<Allocation.Part> parts = Allocation.allocate(50, List.of(source("z", 100, 0), source("m", 100, 0)));
        assertThat(parts.get(0).source().quotaId()).isEqualTo("m");
    }

    @Test
    void emptyQuotasAreSkippedAndTheSumIsExact() {
        List<Allocation.Part> parts = Allocation.allocate(800, List.of(source("a", 0, 0), source("b", 300, 1), source("c", 500, 2)));
        assertThat(parts).extracting(p -> p.source().quotaId()).containsExactly("b", "c");
        assertThat(parts.stream().mapToLong(Allocation.Part::amountFen).sum()).isEqualTo(800);
    }

    @Test
    void notEnoughInTotalIsRefusedWithoutPartialParts() {
        assertThatThrownBy(() -> Allocation.allocate(801, List.of(source("a", 300, 0), source("b", 500, 1))))
                .isInstanceOf(Rejection.class)
                .satisfies(e -> assertThat(((Rejection) e).code()).isEqualTo("QUOTA_INSUFFICIENT"));
        assertThatThrownBy(() -> Allocation.allocate(1, List.of()))
                .satisfies(e -> assertThat(((Rejection) e).code()).isEqualTo("QUOTA_INSUFFICIENT"));
    }
}
