package cn.mutualaid.registry.kinship;

import cn.mutualaid.contracts.Kinship;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * relativeId is the person's {@code kinship}; seen from the relative, the person is {@code inverse}.
 * {@code evidence} is absent for links recorded before evidence was required.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
