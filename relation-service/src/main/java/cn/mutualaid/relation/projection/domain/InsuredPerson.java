package cn.mutualaid.relation.projection.domain;

import cn.mutualaid.contracts.Scheme;

/** A person's current enrollment as the registry last told us. */
public record InsuredPerson(String personId, Scheme scheme, Status status, String poolingArea, String province) {

    public enum Status { ACTIVE, TERMINATED }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    /** Only an active employee-insured person has a personal account to share (DOMAIN rule 1). */
    public boolean isActiveEmployee() {
        return isActive() && scheme == Scheme.EMPLOYEE;
    }
}
