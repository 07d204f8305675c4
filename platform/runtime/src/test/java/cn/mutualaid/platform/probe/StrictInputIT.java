package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The request-body reader and the platform constraints in a running service: refused input writes nothing. */
@MeshTest
class StrictInputIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;

    private WebTestClient.ResponseSpec post(String body) {
        return web.post().uri("/probe/things").headers(h -> h.setBearerAuth(TestJwt.agency("320500")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private long rows() {
        return db.sql("select count(*) from probe_state").map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void anAmountOfAnotherJsonTypeIs400AndNothingIsWritten() {
        long before = rows();
        for (String amount : new String[] {"100.9", "1e2", "\"100\"", "true", "null", "[]", "{}", "100.0"}) {
            post("{\"name\":\"a\",\"amountFen\":" + amount + "}")
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        }
        post("{\"name\":\"a\",\"amountFen\":1,\"amountFen\":100}").expectStatus().isBadRequest();
        post("{\"name\":\"a\",\"amountFen\":1} {}").expectStatus().isBadRequest();
        post("{\"name\":7,\"amountFen\":1}").expectStatus().isBadRequest();
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void amountsOutOfBoundsAndHostileTextAre422() {
        long before = rows();
        for (String body : new String[] {"{\"name\":\"a\",\"amountFen\":100000000001}",
                "{\"name\":\"a\",\"amountFen\":9223372036854775807}", "{\"name\":\"a\",\"amountFen\":-5}",
                "{\"name\":\"a\\u0000b\",\"amountFen\":1}", "{\"name\":\"\\u202Eevil\",\"amountFen\":1}",
                "{\"name\":\"\\u3000\",\"amountFen\":1}", "{\"name\":\"a\\u200Bb\",\"amountFen\":1}",
                "{\"name\":\"a\\ud800\",\"amountFen\":1}"}) {
            post(body).expectStatus().isEqualTo(422)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        post("{\"name\":\"a\",\"amountFen\":99999999999999999999}").expectStatus().isBadRequest();
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aPathIdOfAnotherShapeIs404AndQueryExtremesAre4xx() {
        String token = TestJwt.agency("320500");
        web.get().uri("/probe/things/{id}", "hospital-1").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo("hospital-1");
        for (String id : new String[] {"a'b", "a b", "x".repeat(65), "张三", "-a"}) {
            web.get().uri("/probe/things/{id}", id).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        }
        // The firewall's refusals (an encoded NUL in the path) are problems too.
        web.get().uri("/probe/things/{id}", "a\u0000b").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        for (String query : new String[] {"page=-1", "page=2147483647", "size=0", "size=100000", "on=0000-01-01",
                "on=+300000-01-01"}) {
            String[] nameValue = query.split("=");
            // As a variable, so that '+' reaches the service encoded (a literal '+' in a query reads as a space).
            web.get().uri("/probe/things/a?" + nameValue[0] + "={v}", nameValue[1])
                    .headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                    .jsonPath("$.errors[0].field").exists();
        }
        for (String query : new String[] {"page=abc", "page=99999999999", "size=1.5", "on=2024-02-30", "on=x"}) {
            web.get().uri("/probe/things/a?" + query).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        }
    }
}
