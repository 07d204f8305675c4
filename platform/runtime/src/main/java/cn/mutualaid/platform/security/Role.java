package cn.mutualaid.platform.security;

/** Who is calling. Carried in the JWT claim {@code roles}; Spring sees them as ROLE_x authorities. */
public enum Role {
    /** An insured person; the token subject is their personId. */
    INSURED,
    /** A designated hospital or pharmacy; the subject is its providerId. */
    PROVIDER,
    /** An insurance agency; claim {@code area} is the pooling area or province code it administers. */
    AGENCY,
    /** The national clearing centre. */
    CLEARING,
    /** Rollout policy administration. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
