package cn.mutualaid.platform.config;

import java.io.IOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code platform-defaults.yml} as the lowest-precedence property source: the settings every service shares
 * (probes, metrics, structured logs, codecs, Kafka binder reliability). A service's own application.yml, the
 * environment and the command line all override it.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {
    static final String NAME = "platform-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(NAME,
                    new ClassPathResource("platform-defaults.yml"))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read platform-defaults.yml", e);
        }
    }
}
