package cn.mutualaid.platform.consistency;

import cn.mutualaid.kernel.Rejection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Read-your-writes across services. A write answers {@value #TOKEN}: the ids of the events it put in its outbox. A
 * client sends them back on a later request, to any service, in {@value #AWAIT}; that service answers only once it has
 * seen every one of them (see {@link AwaitConsistencyFilter}).
 */
public final class ConsistencyHeaders {
    public static final String TOKEN = "Mesh-Consistency-Token";
    public static final String AWAIT = "Mesh-Await";
    /** More would only make a request wait on a history, not on its own writes. */
    public static final int MAX_IDS = 16;

    /** An event id as the outbox writes it: a UUID in its canonical 8-4-4-4-12 form, either case. */
    private static final Pattern EVENT_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
        Set<UUID> ids = new LinkedHashSet<>();
        int entries = 0;
        for (String value : values) {
            for (String entry : value.split(",", -1)) {
                String id = entry.strip();
                if (++entries > MAX_IDS) {
                    throw invalid("at most " + MAX_IDS + " event ids");
                }
                if (!EVENT_ID.matcher(id).matches()) {
                    throw invalid("each entry is an event id (a UUID) from " + TOKEN);
                }
                ids.add(UUID.fromString(id));
            }
        }
        if (ids.isEmpty()) {
            throw invalid("no event id");
        }
        return ids;
    }

    private static Rejection invalid(String why) {
        return Rejection.malformed("INVALID_CONSISTENCY_TOKEN", AWAIT + ": " + why);
    }
}
