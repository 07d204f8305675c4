package cn.mutualaid.platform.consistency;

import cn.mutualaid.kernel.Rejection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Read-your-writes across services. A write answers {@value #TOKEN}: its events, each as {@code topic:eventId}. A
 * client sends them back on a later request, to any service, in {@value #AWAIT}; that service answers only once it has
 * seen every one of them that travels on a topic it consumes (see {@link AwaitConsistencyFilter}); an event of a topic
 * it never reads is nothing it could wait for, and is passed over. A bare event id is awaited whatever its topic.
 */
public final class ConsistencyHeaders {
    public static final String TOKEN = "Mesh-Consistency-Token";
    public static final String AWAIT = "Mesh-Await";
    /** More would only make a request wait on a history, not on its own writes. */
    public static final int MAX_IDS = 16;

    /** An event id as the outbox writes it: a UUID in its canonical 8-4-4-4-12 form, either case. */
    private static final Pattern EVENT_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A topic as the contracts name them (registry.events, wallet.replies). */
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9.-]{0,99}");

    /** One entry of {@value #TOKEN}: the event's topic and id. */
    public static String token(String topic, UUID eventId) {
        return topic + ":" + eventId;
    }

    private ConsistencyHeaders() {
    }

    /**
     * The event ids of the {@value #AWAIT} header's values (each a comma-separated list; blanks around an id are
     * ignored), without repeats.
     *
     * @throws Rejection MALFORMED {@code INVALID_CONSISTENCY_TOKEN}: an empty entry, anything but a canonical UUID, or
     *     more than {@value #MAX_IDS} ids
     */
    public static Set<UUID> parseAwait(List<String> values) {
        return parseAwait(values, topic -> true);
    }

    /**
     * As {@link #parseAwait(List)}, where an entry may name its topic ({@code topic:eventId}): only the ids of topics
     * {@code awaited} accepts, and the bare ids, are answered. The result may then be empty: nothing to wait for.
     */
    public static Set<UUID> parseAwait(List<String> values, Predicate<String> awaited) {
        Set<UUID> ids = new LinkedHashSet<>();
        int entries = 0;
        for (String value : values) {
            for (String entry : value.split(",", -1)) {
                String token = entry.strip();
                if (++entries > MAX_IDS) {
                    throw invalid("at most " + MAX_IDS + " event ids");
                }
                int colon = token.indexOf(':');
                String topic = colon < 0 ? null : token.substring(0, colon);
                String id = colon < 0 ? token : token.substring(colon + 1);
                if (!EVENT_ID.matcher(id).matches() || (topic != null && !TOPIC.matcher(topic).matches())) {
                    throw invalid("each entry is an event id (a UUID), or topic:eventId, from " + TOKEN);
                }
                if (topic == null || awaited.test(topic)) {
                    ids.add(UUID.fromString(id));
                }
            }
        }
        if (entries == 0) {
            throw invalid("no event id");
        }
        return ids;
    }

    private static Rejection invalid(String why) {
        return Rejection.malformed("INVALID_CONSISTENCY_TOKEN", AWAIT + ": " + why);
    }
}
