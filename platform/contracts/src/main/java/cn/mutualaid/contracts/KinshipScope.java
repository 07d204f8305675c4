package cn.mutualaid.contracts;

/** Which relatives a province's rollout allows: the 2021 nuclear family, or all close relatives (2023-2024). */
public enum KinshipScope {
    NUCLEAR, CLOSE_RELATIVES;

    public boolean allows(Kinship kinship) {
        return this == CLOSE_RELATIVES || kinship.isNuclear();
    }
}
