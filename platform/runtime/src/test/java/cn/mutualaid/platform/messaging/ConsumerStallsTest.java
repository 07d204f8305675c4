package cn.mutualaid.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.messaging.ConsumerStalls.Offsets;
import cn.mutualaid.platform.messaging.ConsumerStalls.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The watchdog's rules: what counts as stalled, and what an instance does about it. */
class ConsumerStallsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    private final ConsumerStalls stalls = new ConsumerStalls(Duration.ofSeconds(30));

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void eventsWaitingUnderAnUnmovedOffsetForStallAfterStallTheirPartition() {
        Map<Integer, Offsets> waiting = Map.of(0, new Offsets(0, 10, 4), 1, new Offsets(0, 7, 7));
        assertThat(stalls.observe(at(0), waiting)).isEmpty();
        assertThat(stalls.observe(at(29), waiting)).isEmpty();
        assertThat(stalls.observe(at(30), waiting)).containsExactly(0);
    }

    @Test
    void progressOrNothingWaitingStartsTheWaitAgain() {
        stalls.observe(at(0), Map.of(0, new Offsets(0, 10, 4)));
        assertThat(stalls.observe(at(20), Map.of(0, new Offsets(0, 12, 5)))).isEmpty(); // moved
        assertThat(stalls.observe(at(45), Map.of(0, new Offsets(0, 12, 5)))).isEmpty(); // 25 s since it moved
        assertThat(stalls.observe(at(50), Map.of(0, new Offsets(0, 12, 5)))).containsExactly(0);
        assertThat(stalls.observe(at(51), Map.of(0, new Offsets(0, 12, 12)))).isEmpty(); // caught up
    }

    @Test
    void aGroupThatNeverCommittedWaitsOnlyForWhatTheLogStillHolds() {
        // Retention removed everything before 50: nothing waits for a group that never committed.
        assertThat(new Offsets(50, 50, -1).waiting()).isZero();
        assertThat(new Offsets(50, 53, -1).waiting()).isEqualTo(3);
        assertThat(new Offsets(0, 53, 60).waiting()).isZero();
        stalls.observe(at(0), Map.of(0, new Offsets(50, 50, -1)));
        assertThat(stalls.observe(at(60), Map.of(0, new Offsets(50, 50, -1)))).isEmpty();
    }

    @Test
    void aConsumerStoppedAbnormallyIsStartedOneStoppedOnPurposeIsNot() {
        assertThat(stalls.verdict(at(0), Set.of(), false, true, Set.of())).isEqualTo(Verdict.START);
        assertThat(stalls.verdict(at(0), Set.of(), true, true, Set.of(1))).isEqualTo(Verdict.START);
        assertThat(stalls.verdict(at(0), Set.of(0), false, false, Set.of())).isEqualTo(Verdict.NONE);
    }

    @Test
    void aConsumerHoldingAStalledPartitionIsRetryingAndKept() {
        assertThat(stalls.verdict(at(0), Set.of(0), true, false, Set.of(0, 1))).isEqualTo(Verdict.WAIT);
    }

    @Test
    void aConsumerHoldingNothingWhileEventsWaitRejoinsWithBackoff() {
        assertThat(stalls.verdict(at(0), Set.of(), true, false, Set.of())).isEqualTo(Verdict.NONE);
        assertThat(stalls.verdict(at(0), Set.of(2), true, false, Set.of(0))).isEqualTo(Verdict.NONE); // others hold 2
        assertThat(stalls.verdict(at(0), Set.of(2), true, false, Set.of())).isEqualTo(Verdict.RESTART);
        assertThat(stalls.verdict(at(29), Set.of(2), true, false, Set.of())).isEqualTo(Verdict.NONE);
        assertThat(stalls.verdict(at(30), Set.of(2), true, false, Set.of())).isEqualTo(Verdict.RESTART);
        assertThat(stalls.verdict(at(89), Set.of(2), true, false, Set.of())).isEqualTo(Verdict.NONE); // 60 s now
        assertThat(stalls.verdict(at(90), Set.of(2), true, false, Set.of())).isEqualTo(Verdict.RESTART);
    }

    @Test
    void theBackoffEndsWithTheStallAndNeverExceedsHalfAnHour() {
        Map<Integer, Offsets> stuck = Map.of(2, new Offsets(0, 9, 1));
        stalls.observe(at(0), stuck);
        int restarts = 0;
        Instant last = null;
        long longestGap = 0;
        for (int s = 30; s < 6 * 3600; s += 10) {
            Set<Integer> stalled = stalls.observe(at(s), stuck);
            if (stalls.verdict(at(s), stalled, true, false, Set.of()) == Verdict.RESTART) {
                if (last != null) {
                    longestGap = Math.max(longestGap, Duration.between(last, at(s)).toSeconds());
                }
                last = at(s);
                restarts++;
            }
        }
        assertThat(restarts).isBetween(10, 20);
        assertThat(longestGap).isEqualTo(1800);
        // The partition moves once: the next stall is met with the shortest wait again.
        stalls.observe(at(7 * 3600), Map.of(2, new Offsets(0, 9, 2)));
        Set<Integer> again = stalls.observe(at(7 * 3600 + 30), Map.of(2, new Offsets(0, 9, 2)));
        assertThat(again).containsExactly(2);
        assertThat(stalls.verdict(at(7 * 3600 + 30), again, true, false, Set.of())).isEqualTo(Verdict.RESTART);
        assertThat(stalls.verdict(at(7 * 3600 + 60), again, true, false, Set.of())).isEqualTo(Verdict.RESTART);
    }
}
