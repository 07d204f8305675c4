package cn.mutualaid.gateway.routing;

import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/** A service's instances from discovery, less those that refused a connection lately ({@link RefusedInstances}). */
class SkipRefusedInstances extends DelegatingServiceInstanceListSupplier {
    private final RefusedInstances refused;

    SkipRefusedInstances(ServiceInstanceListSupplier delegate, RefusedInstances refused) {
        super(delegate);
        this.refused = refused;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(refused::available);
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(refused::available);
    }

    /**
     * Each service's load-balancer context (a child context per service id, so not a {@code @Configuration} the
     * application's component scan would pick up).
     */
    static class PerService {
        @Bean
        ServiceInstanceListSupplier skipRefusedInstances(ConfigurableApplicationContext context,
                RefusedInstances refused) {
            return new SkipRefusedInstances(ServiceInstanceListSupplier.builder().withDiscoveryClient().build(context),
                    refused);
        }
    }
}
