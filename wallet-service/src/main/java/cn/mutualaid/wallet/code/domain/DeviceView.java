package cn.mutualaid.wallet.code.domain;

import java.time.Instant;

/** An enrolled device as its owner sees it in the list (never its secret). */
public record DeviceView(String deviceId, Instant createdAt, Instant revokedAt) {
}
