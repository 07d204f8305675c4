package cn.mutualaid.gateway.routing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Routes themselves are configuration (application.yml: {@code lb://<service>} over the instances listed under
 * {@code spring.cloud.discovery.client.simple.instances}); this adds the upstream failure mapping and the retry of a
 * request no instance received.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    UpstreamFailureFilter upstreamFailureFilter() {
        return new UpstreamFailureFilter();
    }

    @Bean
    ConnectFailureRetryFilter connectFailureRetryFilter(@Value("${mesh.gateway.connect-retries}") int retries) {
        return new ConnectFailureRetryFilter(retries);
    }
}
