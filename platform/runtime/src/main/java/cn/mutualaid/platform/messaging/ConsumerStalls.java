package cn.mutualaid.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The watchdog's rules for one binding, plain Java over what the broker and the local container report: which of the
 * group's partitions have events waiting that nobody takes (the committed offset behind the log's end and unmoved for
 * {@code stallAfter}), and what this instance does about it ({@link #verdict}).
 *
 * <p>Why a watchdog at all: after two broker restarts in quick succession a consumer was seen rejoining its group and
 * then never taking the partitions it was given, with events waiting; nothing failed, so no retry or alert fired and
 * the service silently stopped applying events. A consumer retrying an outage is not stalled in this sense: it holds
 * its partitions, and the verdict leaves it to its retries ({@link Verdict#WAIT}).
 */
final class ConsumerStalls {

    /** What the local instance does with its consumer of the binding. */
    enum Verdict {
        /** Nothing waits, or others hold what waits. */
        NONE,
        /** The local consumer (or one of its threads) stopped abnormally: start it again. */
        START,
        /** Events wait, unmoved, and the local consumer holds no partition at all: leave and rejoin the group. */
        RESTART,
        /** Events wait on partitions the local consumer holds: it is retrying (an outage) or slow; report, keep it. */
        WAIT
    }

    /** One partition as the broker reports it: where the log starts and ends, where the group committed (-1: never). */
    record Offsets(long start, long end, long committed) {
        long waiting() {
            return Math.max(0, end - Math.max(start, committed));
        }
    }

    private record Progress(long committed, Instant since) {
    }

    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(30);

    private final Duration stallAfter;
    private final Map<Integer, Progress> progress = new HashMap<>();
    private int restartsInARow;
    private Instant nextRestartAllowed = Instant.MIN;

    ConsumerStalls(Duration stallAfter) {
        this.stallAfter = stallAfter;
    }

    /** The partitions whose waiting events have not moved the committed offset for {@code stallAfter} by {@code now}. */
    Set<Integer> observe(Instant now, Map<Integer, Offsets> partitions) {
        Set<Integer> stalled = new TreeSet<>();
        progress.keySet().retainAll(partitions.keySet());
        partitions.forEach((partition, offsets) -> {
            Progress last = progress.get(partition);
            if (offsets.waiting() == 0 || last == null || last.committed() != offsets.committed()) {
                progress.put(partition, new Progress(offsets.committed(), now));
            } else if (!now.isBefore(last.since().plus(stallAfter))) {
                stalled.add(partition);
            }
        });
        if (stalled.isEmpty()) {
            restartsInARow = 0;
            nextRestartAllowed = Instant.MIN;
        }
        return stalled;
    }

    /**
     * What to do, given the stalled partitions and the local consumer: running or stopped on purpose, stopped
     * abnormally (wholly or one of its threads), the partitions it holds. Restarts of one stall back off (stallAfter, then twice as long, ... at most 30
     * minutes), so that an instance holding nothing while another one waits out an outage does not keep the group
     * rebalancing.
     */
    Verdict verdict(Instant now, Set<Integer> stalled, boolean running, boolean stoppedAbnormally, Set<Integer> held) {
        if (stoppedAbnormally) {
            return Verdict.START;
        }
        if (!running || stalled.isEmpty()) {
            return Verdict.NONE;
        }
        if (stalled.stream().anyMatch(held::contains)) {
            return Verdict.WAIT;
        }
        if (!held.isEmpty() || now.isBefore(nextRestartAllowed)) {
            return Verdict.NONE;
        }
        Duration backoff = stallAfter.multipliedBy(1L << Math.min(restartsInARow, 16));
        nextRestartAllowed = now.plus(backoff.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff);
        restartsInARow++;
        return Verdict.RESTART;
    }
}
