package cn.mutualaid.contracts;

/** Basic medical insurance schemes. Only EMPLOYEE has a personal account (个人账户). */
public enum Scheme {
    /** 职工基本医疗保险 */
    EMPLOYEE,
    /** 城乡居民基本医疗保险 */
    RESIDENT
}
