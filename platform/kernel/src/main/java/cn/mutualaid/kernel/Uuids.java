package cn.mutualaid.kernel;

import java.util.Optional;
import java.util.UUID;

/** An id that arrives as text (a path, a message): a UUID names a row, anything else names nothing. */
public final class Uuids {
    private Uuids() {
    }

    /** The UUID the text spells, or empty for null or anything that is not a UUID. */
    public static Optional<UUID> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
