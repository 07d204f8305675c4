package cn.mutualaid.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

/** An operation's problem codes come from its own {@link Refuses} and from the refusal groups it carries. */
class ProblemDocumentationTest {
    @Retention(RetentionPolicy.RUNTIME)
    @RefusesNotFound
    @Refuses(status = 409, codes = "GROUP_CONFLICT")
    @interface NestedGroup {
    }

    static class Controller {
        @Refuses(status = 409, codes = "OWN_CONFLICT")
        @Refuses(status = 422, codes = {"OWN_A", "OWN_B"})
        @RefusesIdempotencyKey
        public void direct() {
        }

        @NestedGroup
        public void nested() {
        }

        public void none() {
        }
    }

    @Test
    void ownRefusalsComeFirstThenThoseOfTheGroups() throws Exception {
        ApiResponses responses = document("direct");
        assertThat(codes(responses, "400")).containsExactly("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN",
                "IDEMPOTENCY_KEY_REQUIRED");
        assertThat(codes(responses, "409")).containsExactly("OWN_CONFLICT", "IDEMPOTENCY_KEY_IN_FLIGHT");
        assertThat(codes(responses, "422")).containsExactly("VALIDATION_FAILED", "OWN_A", "OWN_B", "IDEMPOTENCY_KEY_REUSED");
        assertThat(responses).doesNotContainKey("404");
    }

    @Test
    void aGroupMayCarryAnotherGroup() throws Exception {
        ApiResponses responses = document("nested");
        assertThat(codes(responses, "404")).containsExactly("NOT_FOUND");
        assertThat(codes(responses, "409")).containsExactly("GROUP_CONFLICT");
    }

    @Test
    void withoutRefusalsOnlyWhatEveryOperationAnswers() throws Exception {
        assertThat(document("none").keySet()).containsExactly("400", "401", "403", "406", "422", "503");
    }

    private static ApiResponses document(String method) throws Exception {
        HandlerMethod handler = new HandlerMethod(new Controller(), Controller.class.getMethod(method));
        return new ProblemDocumentation().customize(new Operation(), handler).getResponses();
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<String> codes(ApiResponses responses, String status) {
        return (java.util.List<String>) responses.get(status).getExtensions().get(ProblemDocumentation.CODES);
    }
}
