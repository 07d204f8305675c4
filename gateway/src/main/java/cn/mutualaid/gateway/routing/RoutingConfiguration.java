package cn.mutualaid.gateway.routing;

import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Routes themselves are configuration (application.yml: {@code lb://<service>} over the instances listed under
 * {@code spring.cloud.discovery.client.simple.instances}); this adds the upstream failure mapping, the retry of a
 * request no instance received, and leaving out for a while an instance that refused a connection.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = SkipRefusedInstances.PerService.class)
class RoutingConfiguration {

    /**
     * The connect timeout, on the routes' HTTP client once. Not as {@code httpclient.connect-timeout}: with that set,
     * the routing filter applies it again to a copy of the client's configuration on every request (measurable CPU at
     * peak load, tools/load/README.md). A route's own {@code metadata.connect-timeout} still does that, for that route.
     */
    @Bean
    HttpClientCustomizer connectTimeout(@Value("${mesh.gateway.connect-timeout-millis}") int millis) {
        return client -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
    }

    @Bean
    UpstreamFailureFilter upstreamFailureFilter() {
        return new UpstreamFailureFilter();
    }

    @Bean
    RefusedInstances refusedInstances(@Value("${mesh.gateway.refused-instance-ejection}") Duration ejection) {
        return new RefusedInstances(ejection, Clock.systemUTC());
    }

    @Bean
    ConnectFailureRetryFilter connectFailureRetryFilter(@Value("${mesh.gateway.connect-retries}") int retries,
            RefusedInstances refused) {
        return new ConnectFailureRetryFilter(retries, refused);
    }
}
