package cn.mutualaid.e2e.console;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * A real OpenID Connect provider for the console's sign-in, in the test JVM: Spring Security's authorization server
 * on Tomcat, with form login (username and password), one public client (the console: authorization code, PKCE
 * required, no consent page) and people whose access tokens carry what the mesh reads, shaped like the Keycloak
 * realm's {@code mesh} scope (docs/deployment.md): {@code aud} {@code mutual-aid-mesh}, {@code roles} (a list) and,
 * for an agency, {@code area}; 5 minutes long.
 *
 * <p>It signs with the running mesh's own key pair and its issuer is the one the mesh was started with
 * ({@link cn.mutualaid.e2e.RunningMesh#IDP_ISSUER}): the mesh's services were started before it, trusting that key
 * and issuer, and check every token again; the gateway under test reads the keys from this provider's JWK set, as a
 * deployment's gateway reads Keycloak's.
 */
final class IdentityProvider implements AutoCloseable {
    static final String CLIENT_ID = "mesh-agency-console";
    static final String AUDIENCE = "mutual-aid-mesh";

    /** A person who may sign in: the roles become the {@code roles} claim, the area (or null) the {@code area} claim. */
    record Person(String username, String password, String role, String area) {
    }

    private final ConfigurableApplicationContext context;

    private IdentityProvider(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts it on {@code port} with issuer {@code issuer}, signing with the PEM pair in {@code keys}
     * ({@code private.pem} PKCS#8, {@code public.pem} X.509), for a console whose sign-in returns to
     * {@code consoleUrl} (the console's page, e.g. {@code http://127.0.0.1:28079/console/}).
     */
    static IdentityProvider start(int port, String issuer, Path keys, String consoleUrl, List<Person> people) {
        Map<String, Object> settings = Map.of(
                "server.port", port,
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off",
                "spring.jmx.enabled", false,
                "logging.level.root", "WARN",
                "idp.issuer", issuer,
                "idp.keys", keys.toString(),
                "idp.console", consoleUrl);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Provider.class)
                .web(WebApplicationType.SERVLET)
                .properties(settings)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("people", new People(people)))
                .run();
        return new IdentityProvider(context);
    }

    @Override
    public void close() {
        context.close();
    }

    record People(List<Person> all) {
        Person named(String username) {
            return all.stream().filter(p -> p.username().equals(username)).findFirst().orElseThrow();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Provider {

        /** The protocol's endpoints (authorize, token, JWK set, discovery, OIDC logout); a person is sent to log in. */
        @Bean
        @Order(1)
        SecurityFilterChain protocol(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, as -> as.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .cors(Customizer.withDefaults())
                    .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        /** Spring Security's own login page: a username and a password. */
        @Bean
        @Order(2)
        SecurityFilterChain login(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService users(People people) {
            return new InMemoryUserDetailsManager(people.all().stream()
                    .map(p -> User.withUsername(p.username()).password("{noop}" + p.password()).roles(p.role()).build())
                    .toList());
        }

        /** The console: a public client (no secret), authorization code with PKCE, back to the console's page. */
        @Bean
        RegisteredClientRepository clients(Environment env) {
            String console = env.getRequiredProperty("idp.console");
            RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(CLIENT_ID)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(console)
                    .postLogoutRedirectUri(console)
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true)
                            .requireAuthorizationConsent(false).build())
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5)).build())
                    .build();
            return new InMemoryRegisteredClientRepository(client);
        }

        /** The console's scripts read discovery and exchange the code from the console's own origin. */
        @Bean
        CorsConfigurationSource corsConfigurationSource(Environment env) {
            java.net.URI console = java.net.URI.create(env.getRequiredProperty("idp.console"));
            CorsConfiguration cors = new CorsConfiguration();
            cors.addAllowedOrigin(console.getScheme() + "://" + console.getAuthority());
            cors.addAllowedMethod("GET");
            cors.addAllowedMethod("POST");
            cors.addAllowedHeader("content-type");
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/**", cors);
            return source;
        }

        @Bean
        AuthorizationServerSettings serverSettings(Environment env) {
            return AuthorizationServerSettings.builder().issuer(env.getRequiredProperty("idp.issuer")).build();
        }

        @Bean
        JWKSource<SecurityContext> keys(Environment env) {
            Path dir = Path.of(env.getRequiredProperty("idp.keys"));
            RSAKey key = new RSAKey.Builder((RSAPublicKey) publicKey(dir.resolve("public.pem")))
                    .privateKey(privateKey(dir.resolve("private.pem")))
                    .keyID("mesh-e2e")
                    .build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        /** The access token as the mesh reads it: audience, roles from the person's authorities, area. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> meshClaims(People people) {
            return context -> {
                if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                    return;
                }
                List<String> roles = context.getPrincipal().getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith("ROLE_"))
                        .map(a -> a.substring("ROLE_".length()))
                        .toList();
                context.getClaims().audience(List.of(AUDIENCE)).claim("roles", roles);
                String area = people.named(context.getPrincipal().getName()).area();
                if (area != null) {
                    context.getClaims().claim("area", area);
                }
            };
        }
    }

    private static RSAPublicKey publicKey(Path pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }

    private static RSAPrivateKey privateKey(Path pem) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }

    private static byte[] der(Path pem) {
        try {
            String text = Files.readString(pem);
            return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }
}
