package cn.mutualaid.wallet.code.domain;

import java.util.Optional;

/**
 * What the database holds about a payment code, read in the payment's one facts statement: the stored online code,
 * or the offline code's device with its recently used steps; empty when there is none (or the code has the other
 * shape).
 */
public record CodeFacts(Optional<StoredCode> stored, Optional<StoredDevice> device) {
}
