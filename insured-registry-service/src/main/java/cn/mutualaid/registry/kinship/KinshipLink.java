package cn.mutualaid.registry.kinship;

import cn.mutualaid.contracts.Kinship;
import java.time.Instant;

/** relativeId is the person's {@code kinship}; seen from the relative, the person is {@code inverse}. */
public record KinshipLink(String personId, String relativeId, Kinship kinship, Kinship inverse, Instant verifiedAt) {

    public static KinshipLink of(String personId, String relativeId, Kinship kinship, Instant verifiedAt) {
        return new KinshipLink(personId, relativeId, kinship, kinship.inverse(), verifiedAt);
    }

    /** The same link seen from the relative's side. */
    public KinshipLink reversed() {
        return of(relativeId, personId, inverse, verifiedAt);
    }
}
