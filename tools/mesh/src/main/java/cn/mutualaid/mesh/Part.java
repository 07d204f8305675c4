package cn.mutualaid.mesh;

import java.util.Optional;

/**
 * One part of a running mesh as {@code ./mesh up} records it, so that {@code status} and {@code down} (later
 * invocations) know what to look at.
 *
 * @param name   short name: postgres, kafka, registry, relation, wallet, settlement, gateway
 * @param stage  start order; parts of one stage start together and stop together, later stages stop first
 * @param port   the port it serves
 * @param probe  how to tell it is ready: {@code http://…} (200 expected), {@code kafka://host:port}, {@code tcp://…}
 * @param match  text its command line contains (checked before any signal), or empty when the launcher did not
 *               start it (the machine's PostgreSQL), which is then never stopped
 * @param signal the signal that asks it to stop (TERM; INT for PostgreSQL's fast shutdown)
 */
record Part(String name, int stage, int port, String probe, String match, String signal) {

    boolean ownedByMesh() {
        return !match.isEmpty();
    }

    boolean ready() {
        int split = probe.indexOf("://");
        String scheme = probe.substring(0, split);
        if (scheme.equals("http")) {
            return Probes.httpStatus(probe) == 200;
        }
        String address = probe.substring(split + 3);
        String host = address.substring(0, address.lastIndexOf(':'));
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return scheme.equals("kafka") ? Probes.kafkaReady(host, port) : Probes.tcpAnswers(host, port);
    }

    /** The recorded process, if it still runs and is still the one the launcher started. */
    Optional<ProcessHandle> process(Optional<Long> recordedPid) {
        return recordedPid.flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> Procs.commandLine(p).map(cmd -> cmd.contains(match)).orElse(false));
    }

    /**
     * {@link #process}, allowing for a part started a moment ago, which may not show its own command line yet (the
     * JVM's spawn helper runs first): while its recorded pid is alive, it gets a few seconds to become recognisable
     * before it counts as stopped or as somebody else's.
     */
    Optional<ProcessHandle> processOnceShown(Optional<Long> recordedPid) {
        Optional<ProcessHandle> process = process(recordedPid);
        for (int tries = 0; process.isEmpty() && tries < 150
                && recordedPid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isPresent(); tries++) {
            Procs.sleep(20);
            process = process(recordedPid);
        }
        return process;
    }
}
