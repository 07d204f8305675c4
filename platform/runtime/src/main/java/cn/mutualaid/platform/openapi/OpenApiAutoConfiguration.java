package cn.mutualaid.platform.openapi;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Every service's OpenAPI document gets the bearer scheme, the problem schema and each operation's problem codes, and a stable operation id. */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.OperationCustomizer")
public class OpenApiAutoConfiguration {
    @Bean
    ProblemDocumentation problemDocumentation() {
        return new ProblemDocumentation();
    }

    @Bean
    OperationIds operationIds() {
        return new OperationIds();
    }
}
