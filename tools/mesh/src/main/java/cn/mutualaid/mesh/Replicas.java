package cn.mutualaid.mesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many instances of each service {@code ./mesh up --replicas wallet=2,settlement=2} runs (one each unless told).
 * Several instances of a service share its database and its Kafka consumer group; each has its own ports: instance
 * {@code i} (from 1) listens on the service's port + (i - 1) x {@code mesh.replicas.port-step}, and its management
 * port is that + {@code mesh.management.port-offset}. The only instance of a service keeps the service's name
 * ({@code wallet}); several are {@code wallet-1}, {@code wallet-2}, ...
 */
final class Replicas {
    /** The services that may run as several instances (the gateway is one: it is what balances). */
    static final List<String> SERVICES = List.of("registry", "relation", "wallet", "settlement");

    /** One instance of an application: its part name, its index (from 1) and its ports. */
    record Instance(Launcher.App app, String name, int index, int port, int managementPort) {
    }

    private final Map<String, Integer> counts;

    private Replicas(Map<String, Integer> counts) {
        this.counts = counts;
    }

    static Replicas none() {
        return new Replicas(Map.of());
    }

    /**
     * Parses {@code wallet=2,settlement=2}: service names as {@code ./mesh} names them (or their modules,
     * {@code wallet-service}), each with a count from 1. Empty: one instance each.
     */
    static Replicas parse(String spec) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new Replicas(counts);
        }
        for (String item : spec.split(",")) {
            String[] pair = item.trim().split("=", -1);
            if (pair.length != 2) {
                throw new MeshException("--replicas takes SERVICE=N[,SERVICE=N...], e.g. wallet=2,settlement=2; not '"
                        + item.trim() + "'");
            }
            String service = serviceName(pair[0].trim());
            int count;
            try {
                count = Integer.parseInt(pair[1].trim());
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1) {
                throw new MeshException("--replicas " + service + "=" + pair[1].trim() + ": the count must be a whole"
                        + " number from 1");
            }
            if (counts.put(service, count) != null) {
                throw new MeshException("--replicas names " + service + " twice");
            }
        }
        return new Replicas(counts);
    }

    private static String serviceName(String given) {
        for (Launcher.App app : Launcher.APPS) {
            if (SERVICES.contains(app.name()) && (app.name().equals(given) || app.module().equals(given))) {
                return app.name();
            }
        }
        throw new MeshException("--replicas: no service " + given + " (services: " + String.join(", ", SERVICES)
                + "; the gateway runs once)");
    }

    int count(Launcher.App app) {
        return counts.getOrDefault(app.name(), 1);
    }

    /** As {@code up} was given it, for the record: {@code wallet=2,settlement=2}, or empty. */
    String spec() {
        List<String> items = new ArrayList<>();
        counts.forEach((service, count) -> items.add(service + "=" + count));
        return String.join(",", items);
    }

    /** The instances of one application, given its port, the step between instances and the management offset. */
    List<Instance> instances(Launcher.App app, int port, int portStep, int managementOffset) {
        int count = count(app);
        List<Instance> instances = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int own = port + (i - 1) * portStep;
            instances.add(new Instance(app, count == 1 ? app.name() : app.name() + "-" + i, i, own,
                    own + managementOffset));
        }
        return instances;
    }

    /**
     * The recorded parts a name stands for: the part of that name, or every instance of a service run as several
     * ({@code wallet} → {@code wallet-1}, {@code wallet-2}). Empty when it names nothing.
     */
    static List<Part> named(List<Part> parts, String name) {
        Optional<Part> exact = parts.stream().filter(p -> p.name().equals(name)).findFirst();
        if (exact.isPresent()) {
            return List.of(exact.get());
        }
        return parts.stream().filter(p -> p.name().matches(java.util.regex.Pattern.quote(name) + "-\\d+")).toList();
    }
}
