package cn.mutualaid.registry.enrollment;

import cn.mutualaid.contracts.Scheme;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One enrollment of a person in a pooling area, as stored and as returned. {@code until}, {@code reason},
 * {@code transferIn} and {@code transferOut} appear only when set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Enrollment(
        String enrollmentId,
        String personId,
        Scheme scheme,
        String poolingArea,
        String province,
        EnrollmentStatus status,
        Instant since,
        Instant until,
        String reason,
        String transferIn,
        String transferOut) {

    public static Enrollment open(String enrollmentId, String personId, Scheme scheme, String poolingArea,
            String province, Instant since, String transferIn) {
        return new Enrollment(enrollmentId, personId, scheme, poolingArea, province, EnrollmentStatus.ACTIVE, since,
                null, null, transferIn, null);
    }

    public Enrollment terminated(String why, Instant at) {
        return new Enrollment(enrollmentId, personId, scheme, poolingArea, province, EnrollmentStatus.TERMINATED, since,
                at, why, transferIn, null);
    }

    public Enrollment transferredOut(String transferId, Instant at) {
        return new Enrollment(enrollmentId, personId, scheme, poolingArea, province, EnrollmentStatus.TRANSFERRED_OUT,
                since, at, null, transferIn, transferId);
    }
}
