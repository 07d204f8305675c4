package cn.mutualaid.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * A service integration test: the whole application on a random port, with real PostgreSQL and Kafka
 * (see {@link TestPostgres}, {@link TestKafka}) and tokens from {@link TestJwt}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// WebTestClient's 5 s default fails on a loaded 2-core machine; a real hang still fails, after a minute, with a
// dump of every thread (HangDump).
@AutoConfigureWebTestClient(timeout = "60s")
@ContextConfiguration(initializers = MeshTestInitializer.class)
@ExtendWith(HangDump.class)
public @interface MeshTest {
}
