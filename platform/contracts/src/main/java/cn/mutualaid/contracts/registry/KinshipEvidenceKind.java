package cn.mutualaid.contracts.registry;

/** The kind of official document an agency saw when it recorded a kinship (never an image of it). */
public enum KinshipEvidenceKind {
    HOUSEHOLD_REGISTER, MARRIAGE_CERTIFICATE, BIRTH_CERTIFICATE, ADOPTION_CERTIFICATE, OTHER_OFFICIAL
}
