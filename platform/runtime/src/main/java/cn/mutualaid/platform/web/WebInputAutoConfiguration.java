package cn.mutualaid.platform.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are decoded by {@link StrictJson}'s rules, in every service and the gateway. Runs after Boot's own
 * Jackson codec customizer so that it replaces only the decoder; the size limit
 * ({@code spring.codec.max-in-memory-size}) still applies to it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class WebInputAutoConfiguration {
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    CodecCustomizer strictJsonDecoder(ObjectProvider<JsonMapper> boots) {
        JsonMapper base = boots.getIfAvailable(JsonMapper::new);
        JsonMapper strict = StrictJson.configure(base.rebuild()).build();
        return configurer -> configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(strict));
    }
}
