package cn.mutualaid.gateway.console;

import cn.mutualaid.platform.security.MeshAuthorizationRules;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the web console (the {@code console} module's jar: {@code static/console/**}) at /console/ on the same
 * origin as the API, so the pages use the same bearer tokens and no CORS is needed. The pages, their assets and their
 * sign-in settings are open; every API call they make still needs a token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleConfiguration implements WebFluxConfigurer {
    static final String INDEX = "static/console/index.html";

    @Bean
    MeshAuthorizationRules consoleOpen() {
        return exchanges -> exchanges.pathMatchers(HttpMethod.GET, "/", "/console", "/console/", "/console/**").permitAll();
    }

    @Bean
    RouterFunction<ServerResponse> consoleRoutes(ConsoleProperties oidc, Environment environment) {
        Resource index = new ClassPathResource(INDEX);
        URI console = URI.create("/console/");
        boolean devTokens = environment.acceptsProfiles(Profiles.of("local"));
        String policy = contentSecurityPolicy(oidc);
        return RouterFunctions.route()
                .GET("/", request -> ServerResponse.status(HttpStatus.FOUND).location(console).build())
                .GET("/console", request -> ServerResponse.status(HttpStatus.FOUND).location(console).build())
                // Hashed asset names change with every build; the page naming them must never be stale.
                .GET("/console/", request -> index.exists()
                        ? ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                                .cacheControl(CacheControl.noCache())
                                .header("Content-Security-Policy", policy)
                                .bodyValue(index)
                        : ServerResponse.notFound().build())
                .GET("/console/config", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noStore())
                        .bodyValue(config(devTokens, oidc)))
                .build();
    }

    /** Built assets carry a content hash in their names: a browser may keep them for a year. */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**")
                .addResourceLocations("classpath:/static/console/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    static Map<String, Object> config(boolean devTokens, ConsoleProperties oidc) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devTokens", devTokens);
        if (oidc.configured()) {
            Map<String, Object> provider = new LinkedHashMap<>();
            provider.put("issuer", oidc.issuer());
            provider.put("clientId", oidc.clientId());
            provider.put("scope", oidc.scope());
            provider.put("authorizationEndpoint", oidc.authorizationEndpoint());
            provider.put("tokenEndpoint", oidc.tokenEndpoint());
            config.put("oidc", provider);
        } else {
            config.put("oidc", null);
        }
        return config;
    }

    /**
     * Everything from this origin (no CDN), QR images as data: URLs, charts on canvas; scripts may call only the
     * mesh and the identity provider. Inline styles stay allowed: Vue and ECharts set style attributes.
     */
    static String contentSecurityPolicy(ConsoleProperties oidc) {
        String connect = String.join(" ", oidc.origins());
        return "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                + "connect-src 'self'" + (connect.isEmpty() ? "" : " " + connect) + "; "
                + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    }
}
