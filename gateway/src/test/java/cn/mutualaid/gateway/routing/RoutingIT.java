package cn.mutualaid.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.gateway.support.GatewayTestInitializer;
import cn.mutualaid.gateway.support.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every path prefix reaches its service, unchanged, with the caller's token, correlation id and trace context. */
@GatewayTest
class RoutingIT {
    static final String ALLOWED_ORIGIN = GatewayTestInitializer.ALLOWED_ORIGIN;

    @Autowired WebTestClient web;

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
        "GET, /api/v1/persons/p1, AGENCY, registry",
        "POST, /api/v1/kinships, AGENCY, registry",
        "GET, /api/v1/regions/provinces, INSURED, registry",
        "GET, /api/v1/providers/h1, PROVIDER, registry",
        "GET, /api/v1/relations/r1, INSURED, relation",
        "GET, /api/v1/relations, INSURED, relation",
        "POST, /api/v1/relations/r1/consent, INSURED, relation",
        "PUT, /api/v1/relations/r1/quota, INSURED, wallet",
        "GET, /api/v1/accounts/p1/journal, AGENCY, wallet",
        "POST, /api/v1/wallets/p1/activate, INSURED, wallet",
        "GET, /api/v1/quotas, INSURED, wallet",
        "POST, /api/v1/payment-codes, INSURED, wallet",
        "GET, /api/v1/payments/pay1, PROVIDER, wallet",
        "GET, /api/v1/ledger/check, CLEARING, wallet",
        "GET, /api/v1/settlement/periods/202601, CLEARING, settlement",
        "GET, /api/v1/parked-messages/relation, ADMIN, relation",
        "POST, /api/v1/parked-messages/wallet/7/replay, ADMIN, wallet",
        "POST, /api/v1/parked-messages/settlement/replay-all, ADMIN, settlement",
    })
    void routesEachPrefixToItsService(String method, String path, String role, String service) {
        String token = Tokens.fresh(role);
        WebTestClient.RequestBodySpec request = web.method(HttpMethod.valueOf(method)).uri(path + "?page=1&size=5")
                .headers(h -> h.setBearerAuth(token));
        if (!method.equals("GET")) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amountFen", 100));
        }
        request.exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.service").isEqualTo(service)
                .jsonPath("$.method").isEqualTo(method)
                .jsonPath("$.path").isEqualTo(path)
                .jsonPath("$.query").isEqualTo("page=1&size=5")
                .jsonPath("$.authorization").isEqualTo("Bearer " + token)
                .jsonPath("$.bodyBytes").value(bytes -> assertThat((Integer) bytes).isEqualTo(
                        method.equals("GET") ? 0 : "{\"amountFen\":100}".length()));
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> 403")
    @CsvSource({
        "GET, /api/v1/parked-messages/wallet, AGENCY",
        "POST, /api/v1/parked-messages/relation/replay-all, CLEARING",
        "POST, /api/v1/parked-messages/settlement/3/discard, INSURED",
    })
    void parkedMessagesAreForAdminsOnly(String method, String path, String role) {
        WebTestClient.RequestBodySpec request = web.method(HttpMethod.valueOf(method)).uri(path)
                .headers(h -> h.setBearerAuth(Tokens.fresh(role)));
        if (!method.equals("GET")) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "x"));
        }
        request.exchange().expectStatus().isForbidden();
    }

    @Test
    void unknownApiPathIsNotFoundAsProblem() {
        web.get().uri("/api/v1/nowhere").headers(h -> h.setBearerAuth(Tokens.fresh("ADMIN")))
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void keepsAWellFormedCorrelationIdAndTraceAndEchoesTheId() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        web.get().uri("/api/v1/quotas").headers(h -> {
                    h.setBearerAuth(Tokens.fresh("INSURED"));
                    h.set("X-Correlation-Id", "corr-123.abc");
                    h.set("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
                })
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Correlation-Id", "corr-123.abc")
                .expectBody()
                .jsonPath("$.correlationId").isEqualTo("corr-123.abc")
                .jsonPath("$.traceparent").value(tp -> assertThat((String) tp).startsWith("00-" + traceId + "-"));
    }

    @Test
    void createsACorrelationIdAndTraceWhenMissingOrMalformed() {
        var result = web.get().uri("/api/v1/quotas").headers(h -> {
                    h.setBearerAuth(Tokens.fresh("INSURED"));
                    h.set("X-Correlation-Id", "not a safe id; <script>");
                    h.set("traceparent", "garbage");
                })
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult();
        String echoed = result.getResponseHeaders().getFirst("X-Correlation-Id");
        assertThat(echoed).matches("[0-9a-f-]{36}");
        assertThat(result.getResponseBody().get("correlationId")).isEqualTo(echoed);
        assertThat((String) result.getResponseBody().get("traceparent"))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    }

    @Test
    void errorsCarryTheCorrelationIdAndSecurityHeadersToo() {
        web.get().uri("/api/v1/quotas").header("X-Correlation-Id", "err-1")
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("X-Correlation-Id", "err-1")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer");
    }

    @Test
    void routedResponsesCarrySecurityHeadersOnce() {
        var headers = web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(Tokens.fresh("INSURED")))
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders();
        assertThat(headers.get("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(headers.get("X-Frame-Options")).containsExactly("DENY");
        assertThat(headers.get("Referrer-Policy")).containsExactly("no-referrer");
        assertThat(headers.get("X-Correlation-Id")).hasSize(1);
        // Plain HTTP here: HSTS is only sent over HTTPS.
        assertThat(headers.containsHeader("Strict-Transport-Security")).isFalse();
    }

    @Test
    void answersCorsPreflightsForConfiguredOriginsOnly() {
        web.options().uri("/api/v1/quotas")
                .header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN);
        web.options().uri("/api/v1/quotas")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectBody().jsonPath("$.code").isEqualTo("CORS_REJECTED");
        web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(Tokens.fresh("INSURED")))
                .header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN);
    }

    /** A browser client of another origin may send read-your-writes tokens back and read the ones a write answers. */
    @Test
    void corsLetsABrowserCarryReadYourWritesTokens() {
        web.options().uri("/api/v1/relations")
                .header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization, Mesh-Await")
                .exchange().expectStatus().isOk()
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        allowed -> org.assertj.core.api.Assertions.assertThat(allowed).containsIgnoringCase("Mesh-Await"));
        web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(Tokens.fresh("INSURED")))
                .header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
                .exchange().expectStatus().isOk()
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        exposed -> org.assertj.core.api.Assertions.assertThat(exposed).contains("Mesh-Consistency-Token"));
    }

    @ParameterizedTest
    @CsvSource({"registry", "relation", "wallet", "settlement"})
    void servesEachServicesOpenApiDocumentToACallerWithAToken(String service) {
        // Outside the local profile the API documents are not public (issue 14, item 10).
        web.get().uri("/v3/api-docs/" + service).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        String token = Tokens.fresh("AGENCY");
        web.get().uri("/v3/api-docs/" + service).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.authorization").isEqualTo("Bearer " + token)
                .jsonPath("$.service").isEqualTo(service)
                .jsonPath("$.path").isEqualTo("/v3/api-docs")
                .jsonPath("$.info.title").isEqualTo(service)
                // The Host is the gateway's, so the document's server URL points at the gateway.
                .jsonPath("$.host").value(host -> assertThat((String) host).startsWith("localhost:"));
    }

    @Test
    void swaggerUiListsTheFourServicesToACallerWithAToken() {
        web.get().uri("/swagger-ui.html").exchange().expectStatus().isUnauthorized();
        web.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isUnauthorized();
        String token = Tokens.fresh("ADMIN");
        web.get().uri("/swagger-ui.html").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().is3xxRedirection()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).contains("swagger-ui"));
        var config = web.get().uri("/v3/api-docs/swagger-config").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> urls = (List<Map<String, String>>) config.get("urls");
        assertThat(urls).extracting(u -> u.get("name"))
                .containsExactlyInAnyOrder("mesh", "registry", "relation", "wallet", "settlement");
        assertThat(urls).extracting(u -> u.get("url")).containsExactlyInAnyOrder("/v3/api-docs/mesh",
                "/v3/api-docs/registry", "/v3/api-docs/relation", "/v3/api-docs/wallet", "/v3/api-docs/settlement");
        assertThat(config.get("urls.primaryName")).isEqualTo("mesh");
    }

    @Test
    void servesTheFourDocumentsMergedIntoOneToACallerWithAToken() {
        web.get().uri("/v3/api-docs/mesh").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        web.get().uri("/v3/api-docs/mesh").headers(h -> h.setBearerAuth(Tokens.fresh("AGENCY"))).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.info.title").isEqualTo("Mutual-aid mesh API")
                // Read from the services (the stubs answer with a document of their own), not made up at the gateway.
                .jsonPath("$.openapi").isEqualTo("3.1.0")
                .jsonPath("$.servers").doesNotExist();
    }
}
