package cn.mutualaid.registry.enrollment.api;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.registry.enrollment.domain.Enrollment;
import cn.mutualaid.registry.enrollment.domain.EnrollmentStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An enrollment as every response shows it (alone, in a person, in a transfer). {@code until}, {@code reason},
 * {@code transferIn} and {@code transferOut} appear only when set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentView(String enrollmentId, String personId, Scheme scheme, String poolingArea, String province,
        EnrollmentStatus status, Instant since, Instant until, String reason, String transferIn, String transferOut) {

    /** Null for none, so that a person without an enrollment shows {@code enrollment: null}. */
    public static EnrollmentView of(Enrollment e) {
        return e == null ? null : new EnrollmentView(e.enrollmentId(), e.personId(), e.scheme(), e.poolingArea(),
                e.province(), e.status(), e.since(), e.until(), e.reason(), e.transferIn(), e.transferOut());
    }
}
