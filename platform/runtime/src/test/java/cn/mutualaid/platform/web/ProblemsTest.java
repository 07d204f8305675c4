package cn.mutualaid.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

class ProblemsTest {
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    static class Unavailable extends Exception {
    }

    @Test
    void anApiExceptionKeepsItsCodeAndProperties() {
        var problem = Problems.from(new ApiException(HttpStatus.CONFLICT, "PERSON_EXISTS", "exists", Map.of("personId", "p-1")));
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getProperties()).containsEntry("code", "PERSON_EXISTS").containsEntry("personId", "p-1");
    }

    @Test
    void aRejectionBecomesTheStatusOfItsKindWithItsCodeAndProperties() {
        var conflict = Problems.from(new cn.mutualaid.kernel.Rejection(cn.mutualaid.kernel.Rejection.Kind.CONFLICT,
                "PERSON_EXISTS", "exists", Map.of("personId", "p-1")));
        assertThat(conflict.getStatus()).isEqualTo(409);
        assertThat(conflict.getProperties()).containsEntry("code", "PERSON_EXISTS").containsEntry("personId", "p-1");
        assertThat(Problems.from(cn.mutualaid.kernel.Rejection.refused("QUOTA_INSUFFICIENT", "x")).getStatus()).isEqualTo(422);
        assertThat(Problems.from(cn.mutualaid.kernel.Rejection.notFound("person")).getStatus()).isEqualTo(404);
        assertThat(Problems.from(cn.mutualaid.kernel.Rejection.forbidden()).getStatus()).isEqualTo(403);
        assertThat(Problems.from(cn.mutualaid.kernel.Rejection.malformed("INVALID_PERIOD", "x")).getStatus()).isEqualTo(400);
        assertThat(Problems.from(new cn.mutualaid.kernel.Rejection(cn.mutualaid.kernel.Rejection.Kind.NOT_YET,
                "NOT_YET_SEEN", "x")).getStatus()).isEqualTo(503);
    }

    @Test
    void anExceptionAnnotatedWithResponseStatusKeepsItsStatus() {
        var problem = Problems.from(new Unavailable());
        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getProperties()).containsEntry("code", "SERVICE_UNAVAILABLE");
    }

    @Test
    void aDatabaseThatRefusesConnectionsIsA503NotA500() {
        var refused = new org.springframework.dao.DataAccessResourceFailureException("connection refused",
                new java.net.ConnectException("Connection refused"));
        assertThat(Problems.from(refused).getStatus()).isEqualTo(503);
        assertThat(Problems.from(new IllegalStateException("wrapped", new java.net.ConnectException("x"))).getStatus())
                .isEqualTo(503);
        assertThat(Problems.from(refused).getProperties()).containsEntry("code", "SERVICE_UNAVAILABLE");
    }

    @Test
    void anythingElseIsA500ThatRevealsNothing() {
        var problem = Problems.from(new IllegalStateException("secret detail"));
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).doesNotContain("secret");
    }
}
