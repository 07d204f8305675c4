package cn.mutualaid.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.web.ApiException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

class MeshApiDocsTest {
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile String down;

    private MeshApiDocs docs(Duration cacheFor) {
        ExchangeFilterFunction services = (request, next) -> {
            String host = request.url().getHost();
            asked.add(host + " " + request.headers().getFirst(HttpHeaders.AUTHORIZATION));
            if (host.equals(down)) {
                return Mono.error(new ConnectException("refused"));
            }
            return Mono.just(ClientResponse.create(HttpStatus.OK)
                    .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                    .body("{\"openapi\": \"3.1.0\", \"paths\": {\"/api/v1/" + host + "\": {\"get\": {}}}}").build());
        };
        return new MeshApiDocs(services, cacheFor);
    }

    @Test
    void theFourDocumentsAreMergedInOrderWithTheCallersTokenAndKeptForAWhile() {
        MeshApiDocs docs = docs(Duration.ofMinutes(1));
        ObjectNode merged = docs.document("Bearer t").block();
        assertThat(MergedDocument.operations(merged)).containsExactly("GET /api/v1/insured-registry-service",
                "GET /api/v1/relation-service", "GET /api/v1/wallet-service", "GET /api/v1/settlement-service");
        assertThat(asked).containsExactly("insured-registry-service Bearer t", "relation-service Bearer t",
                "wallet-service Bearer t", "settlement-service Bearer t");
        assertThat(docs.document(null).block()).isSameAs(merged);
        assertThat(asked).hasSize(4);
    }

    @Test
    void aServiceWhoseDocumentCannotBeReadMakesItA503NamingItNeverAPartialDocument() {
        MeshApiDocs docs = docs(Duration.ofMinutes(1));
        down = "wallet-service";
        Throwable refused = docs.document(null).then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block();
        assertThat(refused).isInstanceOfSatisfying(ApiException.class, problem -> {
            assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(problem.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(problem.getMessage()).contains("wallet");
        });
        // Nothing was kept: once the service is back, the next call has all four.
        down = null;
        assertThat(MergedDocument.operations(docs.document(null).block())).hasSize(4);
    }
}
