package cn.mutualaid.registry.enrollment.domain;

/** ACTIVE is the current enrollment (at most one per person); the others are history. */
public enum EnrollmentStatus {
    ACTIVE, TERMINATED, TRANSFERRED_OUT
}
