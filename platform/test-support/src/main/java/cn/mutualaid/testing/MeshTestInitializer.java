package cn.mutualaid.testing;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a Spring test context at this JVM's real PostgreSQL (its own database, named after {@code mesh.db.name})
 * and Kafka broker, and at the test JWT key, issuer and audience. The values are the same for every context of a
 * JVM, so Spring's context cache keeps one context for all test classes that share a configuration.
 */
public class MeshTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var env = context.getEnvironment();
        String name = env.getProperty("mesh.db.name", env.getProperty("spring.application.name", "mesh"));
        TestPostgres.Server pg = TestPostgres.server();
        String database = TestPostgres.database(name);
        TestPropertyValues.of(
                "mesh.db.host=" + pg.host(),
                "mesh.db.port=" + pg.port(),
                "mesh.db.user=" + pg.user(),
                "mesh.db.password=" + pg.password(),
                "mesh.db.name=" + database,
                "mesh.kafka.brokers=" + TestKafka.brokers(),
                "mesh.kafka.partitions=3",
                "spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + TestJwt.publicKeyFile(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwt.ISSUER,
                "spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwt.AUDIENCE,
                // The actuator on its own port, as in every deployment; a free one per context.
                "management.server.port=0",
                "mesh.outbox.poll-interval=50ms",
                "mesh.messaging.retry.max-interval=1s")
                .applyTo(context.getEnvironment());
    }
}
