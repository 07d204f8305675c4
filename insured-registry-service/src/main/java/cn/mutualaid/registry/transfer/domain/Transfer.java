package cn.mutualaid.registry.transfer.domain;

import cn.mutualaid.contracts.Scheme;
import java.time.Instant;

/**
 * A transfer of a person's insurance from one pooling area to another. {@code expiresAt} is set while it may still
 * be open; {@code decidedBy}/{@code decidedAt} once it is final.
 */
public record Transfer(String transferId, String personId, Scheme fromScheme, String fromPoolingArea,
        String fromProvince, Scheme toScheme, String toPoolingArea, String toProvince, TransferStatus status,
        String filedBy, String filedByArea, Instant filedAt, Instant expiresAt, String decidedBy, Instant decidedAt) {
}
