package cn.mutualaid.wallet.code.domain;

import java.time.Instant;

/** A fresh payment code, shown to the patient once (only its SHA-256 is kept). */
public record IssuedCode(String code, Instant expiresAt) {
}
