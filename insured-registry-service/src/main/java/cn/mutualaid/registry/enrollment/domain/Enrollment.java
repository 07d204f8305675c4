package cn.mutualaid.registry.enrollment.domain;

import cn.mutualaid.contracts.Scheme;
import java.time.Instant;

/**
 * One enrollment of a person in a pooling area. {@code until} and {@code reason} are set once it ended,
 * {@code transferIn} and {@code transferOut} when a transfer opened or closed it.
 */
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
