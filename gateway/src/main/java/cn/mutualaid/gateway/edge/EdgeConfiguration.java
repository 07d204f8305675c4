package cn.mutualaid.gateway.edge;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The filters every request passes through, in this order: correlation, access log, body size, headers, CORS. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeProperties.class)
class EdgeConfiguration {

    @Bean
    CorrelationFilter correlationFilter() {
        return new CorrelationFilter();
    }

    @Bean
    AccessLogFilter accessLogFilter() {
        return new AccessLogFilter();
    }

    @Bean
    AccessLogFilter.SubjectRecorder accessLogSubjectRecorder() {
        return new AccessLogFilter.SubjectRecorder();
    }

    @Bean
    BodySizeLimitFilter bodySizeLimitFilter(EdgeProperties properties) {
        return new BodySizeLimitFilter(properties);
    }

    @Bean
    SecurityHeadersFilter securityHeadersFilter() {
        return new SecurityHeadersFilter();
    }

    @Bean
    CorsFilter corsFilter(EdgeProperties properties) {
        return new CorsFilter(properties);
    }
}
