package cn.mutualaid.gateway.support;

import cn.mutualaid.testing.TestJwt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the gateway at the stub services and the machine's Redis, with short timeouts and a tight payments bucket
 * so the tests stay fast. Tokens: {@link TestJwt} in the default profile; in the local profile the gateway mints its
 * own with a key pair made for this JVM ({@link LocalKeys}).
 */
public class GatewayTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String ALLOWED_ORIGIN = "https://portal.example";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        boolean local = Arrays.asList(context.getEnvironment().getActiveProfiles()).contains("local");
        List<String> properties = new ArrayList<>(List.of(
                "mesh.gateway.timeout=2s",
                "mesh.gateway.cors.allowed-origins=" + ALLOWED_ORIGIN,
                "mesh.rate-limit.store=redis",
                "mesh.rate-limit.routes.wallet-payments.replenish-rate=0.5",
                "mesh.rate-limit.routes.wallet-payments.burst-capacity=3",
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=6379",
                "logging.structured.format.console=",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwt.ISSUER,
                "spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwt.AUDIENCE,
                "management.server.port=0"));
        for (String service : StubServices.NAMES) {
            properties.add("mesh.services." + service + "=" + StubServices.url(service));
        }
        if (local) {
            properties.add("spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                    + LocalKeys.publicKeyFile());
            properties.add("mesh.dev-tokens.private-key-location=" + LocalKeys.privateKeyFile());
        } else {
            properties.add("spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                    + TestJwt.publicKeyFile());
        }
        TestPropertyValues.of(properties).applyTo(context.getEnvironment());
    }
}
