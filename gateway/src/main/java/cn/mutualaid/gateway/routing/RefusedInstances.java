package cn.mutualaid.gateway.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Instances that refused a connection lately, left out of the load balancer's choice for a while (passive outlier
 * ejection): the instance lists are static, so without this a dead instance (a kill -9, a crash) would be chosen in
 * its turn for ever, each time costing a refused connection and a retry. After {@code ejection} it is chosen again,
 * so a restarted instance comes back by itself; if every instance of a service is out, all are offered.
 */
public class RefusedInstances {
    private final Map<URI, Instant> out = new ConcurrentHashMap<>();
    private final Duration ejection;
    private final Clock clock;

    public RefusedInstances(Duration ejection, Clock clock) {
        this.ejection = ejection;
        this.clock = clock;
    }

    void refused(ServiceInstance instance) {
        out.put(instance.getUri(), clock.instant().plus(ejection));
    }

    /** The instances not refused lately; all of them when none is left. */
    List<ServiceInstance> available(List<ServiceInstance> instances) {
        if (out.isEmpty()) {
            return instances;
        }
        Instant now = clock.instant();
        out.values().removeIf(until -> !until.isAfter(now));
        List<ServiceInstance> left = instances.stream().filter(i -> !out.containsKey(i.getUri())).toList();
        return left.isEmpty() ? instances : left;
    }
}
