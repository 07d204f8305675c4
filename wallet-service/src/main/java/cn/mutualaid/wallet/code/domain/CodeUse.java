package cn.mutualaid.wallet.code.domain;

/**
 * How a payment's one database call uses its code (and how its facts statement finds it): an online code by its
 * SHA-256 ({@code deviceId} null), an offline code by its device and time step ({@code hash} null; {@code fromStep}
 * is the oldest step a refusal tells apart, {@code step} the step it is used at once judged usable).
 */
public record CodeUse(byte[] hash, Long deviceId, long fromStep, long step) {
    public CodeUse atStep(long usedStep) {
        return new CodeUse(hash, deviceId, fromStep, usedStep);
    }
}
