package cn.mutualaid.mesh;

import sun.misc.Signal;

/**
 * Ctrl-C, SIGTERM and SIGHUP become a request to stop, handled by the launcher in order (gateway first, PostgreSQL
 * last), instead of JVM shutdown hooks running at once and in no order.
 */
final class Signals {
    private Signals() {
    }

    static void onStop(Runnable handler) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), signal -> handler.run());
        }
    }
}
