package cn.mutualaid.registry.kinship.domain;

import cn.mutualaid.contracts.Kinship;
import java.time.Instant;

/**
 * relativeId is the person's {@code kinship}; seen from the relative, the person is {@code inverse}.
 * {@code evidence} is null for links recorded before evidence was required.
 */
public record KinshipLink(String personId, String relativeId, Kinship kinship, Kinship inverse, Instant verifiedAt,
        KinshipEvidence evidence) {

    public static KinshipLink of(String personId, String relativeId, Kinship kinship, Instant verifiedAt,
            KinshipEvidence evidence) {
        return new KinshipLink(personId, relativeId, kinship, kinship.inverse(), verifiedAt, evidence);
    }

    /** The same link seen from the relative's side. */
    public KinshipLink reversed() {
        return of(relativeId, personId, inverse, verifiedAt, evidence);
    }
}
