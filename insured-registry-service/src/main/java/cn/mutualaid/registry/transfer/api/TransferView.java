package cn.mutualaid.registry.transfer.api;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.registry.enrollment.api.EnrollmentView;
import cn.mutualaid.registry.enrollment.domain.Enrollment;
import cn.mutualaid.registry.transfer.TransferService;
import cn.mutualaid.registry.transfer.domain.Transfer;
import cn.mutualaid.registry.transfer.domain.TransferStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A transfer as every endpoint returns it. {@code enrollment} is the person's new ACTIVE enrollment, present only in
 * the answer of the call that moved them; {@code expiresAt} while the request is open; {@code decidedAt} once final.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferView(String transferId, String personId, TransferStatus status, Scheme fromScheme,
        String fromPoolingArea, String fromProvince, Scheme toScheme, String toPoolingArea, String toProvince,
        String filedByArea, Instant filedAt, Instant expiresAt, Instant decidedAt, EnrollmentView enrollment) {

    static TransferView of(Transfer t, Enrollment enrollment) {
        return new TransferView(t.transferId(), t.personId(), t.status(), t.fromScheme(), t.fromPoolingArea(),
                t.fromProvince(), t.toScheme(), t.toPoolingArea(), t.toProvince(), t.filedByArea(), t.filedAt(),
                t.status() == TransferStatus.REQUESTED ? t.expiresAt() : null, t.decidedAt(), EnrollmentView.of(enrollment));
    }

    static TransferView of(TransferService.Outcome outcome) {
        return of(outcome.transfer(), outcome.enrollment());
    }
}
