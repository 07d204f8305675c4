package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Topics;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A verified kinship: relativeId is the person's {@code kinship}. The inverse link is implied (kinship.inverse()).
 * {@code evidenceKind} and {@code recordedByArea} were added later in v1: absent (null) from older producers, and
 * left out of the wire form when null so that the recorded v1 form stays what it was. The document's reference
 * number never travels.
 */
@Contract(type = "KinshipVerified", version = 1, topic = Topics.REGISTRY_EVENTS)
public record KinshipVerified(String personId, String relativeId, Kinship kinship, Instant verifiedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) KinshipEvidenceKind evidenceKind,
        @JsonInclude(JsonInclude.Include.NON_NULL) String recordedByArea) {

    public KinshipVerified(String personId, String relativeId, Kinship kinship, Instant verifiedAt) {
        this(personId, relativeId, kinship, verifiedAt, null, null);
    }
}
