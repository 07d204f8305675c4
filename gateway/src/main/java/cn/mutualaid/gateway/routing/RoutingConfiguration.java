package cn.mutualaid.gateway.routing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Routes themselves are configuration (application.yml); this adds the upstream failure mapping. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    UpstreamFailureFilter upstreamFailureFilter() {
        return new UpstreamFailureFilter();
    }
}
