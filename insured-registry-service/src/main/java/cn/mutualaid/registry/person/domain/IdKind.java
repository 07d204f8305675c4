package cn.mutualaid.registry.person.domain;

/**
 * The document an 18-character ID number is printed on. All share the GB 11643 layout and check character; they
 * differ in the first six characters, which is how the kind is told (so it never has to be typed in).
 */
public enum IdKind {
    /** 居民身份证: the address code of a mainland province-level area of the regions table. */
    RESIDENT_ID_CARD,
    /** 港澳居民居住证: address code 810000 (Hong Kong residents) or 820000 (Macao residents). */
    HK_MACAO_RESIDENCE_PERMIT,
    /** 台湾居民居住证: address code 830000. */
    TAIWAN_RESIDENCE_PERMIT,
    /**
     * 外国人永久居留身份证, 2023 edition: 9, the 2-digit province-level code of the issuing place, a 3-digit
     * nationality code, then birth date, sequence and check character as on a resident card.
     */
    FOREIGN_PERMANENT_RESIDENCE_CARD
}
