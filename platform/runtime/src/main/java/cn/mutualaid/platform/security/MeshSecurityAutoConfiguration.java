package cn.mutualaid.platform.security;

import cn.mutualaid.platform.web.ProblemWriter;
import cn.mutualaid.platform.web.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import io.micrometer.context.ContextRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * The one security configuration of the mesh, used by every service and the gateway: stateless JWT bearer tokens,
 * roles from the {@code roles} claim, 401/403 as problem+json. Probes stay open; API docs only in the local profile.
 */
// Before Boot's resource-server configuration, which backs off when this one's decoder and chain exist.
@AutoConfiguration(before = ReactiveOAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
@EnableConfigurationProperties({MeshSecurityProperties.class, OAuth2ResourceServerProperties.class})
public class MeshSecurityAutoConfiguration {

    /**
     * Probes on the application port ({@code /livez}, {@code /readyz}) and the actuator, which lives on the management
     * port only (management.server.port): that port is reachable inside the cluster, never through the gateway or
     * the Ingress, which is what keeps metrics from the public.
     */
    public static final String[] OPEN_PATHS = {
        "/livez", "/readyz", "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info"
    };

    /** The API documents and Swagger UI: open in the local profile only, else they need a token like the API. */
    public static final String[] DOC_PATHS = {
        "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**"
    };

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain meshSecurityFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            ObjectProvider<MeshAuthorizationRules> rules, Environment environment) {
        boolean local = environment.acceptsProfiles(Profiles.of("local"));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers(OPEN_PATHS).permitAll();
                    if (local) {
                        exchanges.pathMatchers(DOC_PATHS).permitAll();
                    }
                    rules.orderedStream().forEach(rule -> rule.apply(exchanges));
                    exchanges.anyExchange().authenticated();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(rolesConverter()))
                        .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange, Problems.unauthorized()))
                        .accessDeniedHandler((exchange, e) -> ProblemWriter.write(exchange, Problems.forbidden())))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange, Problems.unauthorized()))
                        .accessDeniedHandler((exchange, e) -> ProblemWriter.write(exchange, Problems.forbidden())))
                .build();
    }

    /**
     * A URL the firewall refuses (an encoded NUL, slash or dot in the path, a header value with a line break): a 400
     * problem like any other bad input, where Spring Security's default answers an empty 400.
     */
    @Bean
    @ConditionalOnMissingBean
    ServerExchangeRejectedHandler meshExchangeRejectedHandler() {
        return (exchange, rejected) -> ProblemWriter.write(exchange,
                Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "the request URL or a header is not allowed"));
    }

    /**
     * Spring Security's thread locals are not propagated across Reactor signals ({@link SecurityThreadLocals}), unless
     * {@code mesh.security.thread-local-propagation} is true (MESH_SECURITY_THREAD_LOCALS, to measure the difference).
     */
    @Bean
    @ConditionalOnProperty(name = "mesh.security.thread-local-propagation", havingValue = "false", matchIfMissing = true)
    SmartInitializingSingleton meshSecurityThreadLocalsDropped() {
        return () -> SecurityThreadLocals.drop(ContextRegistry.getInstance());
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder meshJwtDecoder(OAuth2ResourceServerProperties resourceServer, MeshSecurityProperties mesh) {
        return MeshJwtDecoders.create(resourceServer.getJwt(), mesh, Clock.systemUTC());
    }

    static Converter<Jwt, Mono<AbstractAuthenticationToken>> rolesConverter() {
        Converter<Jwt, AbstractAuthenticationToken> converter = jwt -> {
            Collection<GrantedAuthority> authorities = Caller.of(jwt).roles().stream()
                    .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                    .toList();
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        };
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }

    static RSAPublicKey readPublicKey(String location) {
        // A bare path means a file (a Spring resource location would otherwise look for it on the classpath).
        boolean bare = !location.contains(":");
        return readPublicKey(bare ? new FileSystemResource(location) : new DefaultResourceLoader().getResource(location));
    }

    static RSAPublicKey readPublicKey(Resource resource) {
        String location = resource.getDescription();
        try (InputStream in = resource.getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the JWT public key at " + location, e);
        }
    }
}
