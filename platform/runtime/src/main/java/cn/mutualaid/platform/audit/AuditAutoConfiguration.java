package cn.mutualaid.platform.audit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The audit query endpoint for every service with a database (not the gateway). The service's name in the path is
 * {@code mesh.audit.service}, by default its application name without "-service" and any prefix
 * (insured-registry-service → registry, wallet-service → wallet).
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
    "cn.mutualaid.platform.messaging.MessagingAutoConfiguration"})
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class AuditAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuditLog auditLog(DatabaseClient db) {
        return new AuditLog(db);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditController auditController(AuditLog log, Environment env) {
        return new AuditController(log, env.getProperty("mesh.audit.service",
                serviceName(env.getProperty("spring.application.name", "service"))));
    }

    static String serviceName(String applicationName) {
        String name = applicationName.endsWith("-service")
                ? applicationName.substring(0, applicationName.length() - "-service".length()) : applicationName;
        return name.substring(name.lastIndexOf('-') + 1);
    }
}
