package cn.mutualaid.testing;

import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The actuator of the application under test, on its own management port (never the application's port). */
public final class ManagementPort {
    private ManagementPort() {
    }

    public static WebTestClient client(Environment environment) {
        String port = environment.getProperty("local.management.port");
        if (port == null) {
            throw new IllegalStateException("the application has no management port of its own");
        }
        // A scrape with latency histograms is several hundred kB: above the client's default in-memory limit.
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .responseTimeout(Duration.ofSeconds(60)).build();
    }
}
