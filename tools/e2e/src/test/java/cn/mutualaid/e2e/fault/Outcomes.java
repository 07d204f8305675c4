package cn.mutualaid.e2e.fault;

import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What clients saw during a fault: answers by status, answers that were not clean problem+json, calls without an
 * answer. And the client's way to learn an unknown outcome: repeat the same request (same Idempotency-Key, same body)
 * until the answer is definite (2xx or 4xx).
 */
final class Outcomes {
    final ConcurrentMap<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    final AtomicLong noAnswer = new AtomicLong();
    final AtomicLong unclean = new AtomicLong();
    final AtomicLong resolvedByReplay = new AtomicLong();

    /** One call; null when it got no answer (connection refused, reset, timeout). */
    Reply call(Supplier<Reply> call) {
        Reply reply;
        try {
            reply = call.get();
        } catch (RuntimeException e) {
            noAnswer.incrementAndGet();
            return null;
        }
        byStatus.computeIfAbsent(reply.status(), s -> new AtomicLong()).incrementAndGet();
        if (!reply.ok() && !isProblem(reply)) {
            unclean.incrementAndGet();
            System.out.println("[outcome] not problem+json: " + reply.status() + " " + reply.body());
        }
        return reply;
    }

    /** An RFC 9457 body: its status is the HTTP status, and it has a title. */
    static boolean isProblem(Reply reply) {
        return reply.body().path("status").asInt() == reply.status()
                && !reply.body().path("title").asString().isEmpty();
    }

    /**
     * An answer that tells the outcome: 2xx, or a 4xx from the service. Not 429: the gateway's rate limiter turned the
     * call away before any service saw it, so it is to be tried again (and changed nothing). Not 409
     * IDEMPOTENCY_KEY_IN_FLIGHT either: an earlier attempt with the key is still running (or died, and its lease has
     * to run out), so the outcome is still to come.
     */
    static boolean definite(Reply reply) {
        return reply != null && reply.status() < 500 && !throttled(reply)
                && !"IDEMPOTENCY_KEY_IN_FLIGHT".equals(reply.code());
    }

    static boolean throttled(Reply reply) {
        return reply != null && reply.status() == 429;
    }

    /** The call, repeated as is until its answer is definite; null if it never is within {@code patience}. */
    Reply untilDefinite(Supplier<Reply> call, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        Reply reply = call(call);
        boolean replayed = false;
        while (!definite(reply) && Instant.now().isBefore(deadline)) {
            pause(250);
            replayed = true;
            reply = call(call);
        }
        if (replayed && definite(reply)) {
            resolvedByReplay.incrementAndGet();
        }
        return definite(reply) ? reply : null;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long total() {
        return byStatus.values().stream().mapToLong(AtomicLong::get).sum() + noAnswer.get();
    }

    @Override
    public String toString() {
        return "answers by status " + new java.util.TreeMap<>(Map.copyOf(byStatus)) + ", no answer " + noAnswer
                + ", not problem+json " + unclean + ", unknown outcomes resolved by replay " + resolvedByReplay;
    }

    static MeshClient.Reply orFail(Reply reply, String what) {
        if (reply == null) {
            throw new IllegalStateException(what + ": no definite answer");
        }
        return reply;
    }
}
