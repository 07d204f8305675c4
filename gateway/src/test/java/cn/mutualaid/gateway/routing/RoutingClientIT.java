package cn.mutualaid.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import reactor.netty.http.client.HttpClient;

/**
 * The routes' HTTP client carries the connect timeout itself, so that the routing filter does not derive a client per
 * request to apply it, and the routes' filters are sorted once per route (peak-season CPU, tools/load/README.md).
 */
@GatewayTest
class RoutingClientIT {
    @Autowired HttpClient routesClient;
    @Autowired HttpClientProperties clientProperties;
    @Autowired GatewayProperties gateway;

    @Test
    void theClientCarriesTheConnectTimeoutAndTheFilterDoesNotApplyItPerRequest() {
        assertThat(routesClient.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS)).isEqualTo(2000);
        // Set here, NettyRoutingFilter would call HttpClient.option(...) on every request again.
        assertThat(clientProperties.getConnectTimeout()).isNull();
    }

    @Test
    void routeFiltersAreSortedOncePerRoute() {
        assertThat(gateway.isRouteFilterCacheEnabled()).isTrue();
    }
}
