package cn.mutualaid.testing;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Plain, quieter log lines in test output (services log ECS JSON when run for real). An environment post-processor, because
 * logging is configured before any context initializer runs; it exists only on test classpaths.
 */
public class PlainTestLogs implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addFirst(
                new MapPropertySource("plain-test-logs", Map.of(
                        "logging.structured.format.console", "",
                        // The in-JVM broker is chatty at INFO; its warnings still show.
                        "logging.level.org.apache.kafka", "WARN",
                        "logging.level.kafka", "WARN",
                        "logging.level.state.change.logger", "WARN")));
    }
}
