package cn.mutualaid.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.gateway.support.StubServices;
import cn.mutualaid.gateway.support.Tokens;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** The gateway itself refuses bodies above 256KB with 413 problem+json; the service never sees them. */
@GatewayTest
class BodySizeLimitIT {
    @Autowired WebTestClient web;

    @Test
    void refusesAOneMegabyteBodyWithADeclaredLength() {
        byte[] body = json(1024 * 1024);
        web.post().uri("/api/v1/persons/big").headers(h -> h.setBearerAuth(Tokens.fresh("AGENCY")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(StubServices.hits("registry", "POST", "/api/v1/persons/big")).isZero();
    }

    @Test
    void refusesAOneMegabyteChunkedBody() {
        Flux<DataBuffer> chunks = Flux.range(0, 64)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(json(16 * 1024)));
        web.post().uri("/api/v1/persons/chunked").headers(h -> h.setBearerAuth(Tokens.fresh("AGENCY")))
                .contentType(MediaType.APPLICATION_JSON).body(chunks, DataBuffer.class)
                .exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void passesABodyWithinTheLimit() {
        web.post().uri("/api/v1/persons/small").headers(h -> h.setBearerAuth(Tokens.fresh("AGENCY")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json(200 * 1024))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.bodyBytes").isEqualTo(200 * 1024);
    }

    private static byte[] json(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }
}
