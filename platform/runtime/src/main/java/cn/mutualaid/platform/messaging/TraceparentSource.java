package cn.mutualaid.platform.messaging;

/** The W3C traceparent of the current request, if tracing is on, so an event can be followed across services. */
@FunctionalInterface
public interface TraceparentSource {
    String current();
}
