package cn.mutualaid.platform.messaging;

import cn.mutualaid.contracts.Envelope;

/** One received event, decoded: its envelope (event id, time, aggregate id) and its typed payload. */
public record Received<T>(Envelope envelope, T payload) {
}
