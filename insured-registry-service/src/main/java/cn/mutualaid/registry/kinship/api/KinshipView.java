package cn.mutualaid.registry.kinship.api;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.registry.kinship.domain.KinshipEvidence;
import cn.mutualaid.registry.kinship.domain.KinshipLink;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A kinship link as responses show it; {@code evidence} is absent for links recorded before it was required. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KinshipView(String personId, String relativeId, Kinship kinship, Kinship inverse, Instant verifiedAt,
        KinshipEvidence evidence) {

    static KinshipView of(KinshipLink link) {
        return new KinshipView(link.personId(), link.relativeId(), link.kinship(), link.inverse(), link.verifiedAt(),
                link.evidence());
    }
}
