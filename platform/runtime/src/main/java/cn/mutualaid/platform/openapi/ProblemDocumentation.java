package cn.mutualaid.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.web.method.HandlerMethod;

/**
 * What every service's OpenAPI document says the same way: the bearer scheme (a JWT from the identity provider, or
 * from {@code POST /dev/tokens} in the local profile), the RFC 9457 problem with its stable {@code code}, and on every
 * operation the problems it can answer: its own {@link Refuses} (written on it or on a refusal group it carries) plus those every operation can give. Each problem
 * response lists its codes in {@code x-problem-codes}, so a client generator or a test can read them.
 */
public final class ProblemDocumentation implements OpenApiCustomizer, OperationCustomizer {
    public static final String BEARER = "bearer";
    public static final String PROBLEM = "Problem";
    public static final String CODES = "x-problem-codes";
    static final String PROBLEM_JSON = "application/problem+json";

    static final String JSON = "application/json";
    private static final String ANY = "*/*";

    /**
     * What any operation behind the security chain and the strict input checks can answer: besides the input and
     * caller checks, a {@code Mesh-Await} header that is not a list of event ids (400) or names an event the service
     * has not yet seen within its wait (503 with Retry-After), and an Accept header it cannot serve (406).
     */
    private static final Map<Integer, List<String>> EVERY_OPERATION = Map.of(
            400, List.of("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN"),
            401, List.of("UNAUTHORIZED"),
            403, List.of("FORBIDDEN"),
            406, List.of("NOT_ACCEPTABLE"),
            422, List.of("VALIDATION_FAILED"),
            503, List.of("SERVICE_UNAVAILABLE", "NOT_YET_CONSISTENT"));

    /** What an operation that reads a body can answer besides: a body over the size limit, or not JSON. */
    private static final Map<Integer, List<String>> EVERY_BODY = Map.of(
            413, List.of("PAYLOAD_TOO_LARGE"),
            415, List.of("UNSUPPORTED_MEDIA_TYPE"));

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("A JWT naming the issuer and the audience mutual-aid-mesh, at most an"
                        + " hour long; roles INSURED, PROVIDER, AGENCY (claim area), CLEARING, ADMIN."));
        components.addSchemas(PROBLEM, problemSchema());
        openApi.setComponents(components);
        openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Map<Integer, Set<String>> codes = new LinkedHashMap<>();
        EVERY_OPERATION.forEach((status, list) -> codes.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(list));
        if (operation.getRequestBody() != null) {
            EVERY_BODY.forEach((status, list) -> codes.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(list));
        }
        // Those written on the method first, then those of the refusal groups it carries (meta-annotations).
        MergedAnnotations.from(handler.getMethod()).stream(Refuses.class).forEach(refuses ->
                codes.computeIfAbsent(refuses.getInt("status"), s -> new LinkedHashSet<>())
                        .addAll(List.of(refuses.getStringArray("codes"))));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        codes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                responses.addApiResponse(String.valueOf(entry.getKey()), problemResponse(entry.getKey(), entry.getValue())));
        responses.forEach((status, response) -> {
            if (status.startsWith("2")) {
                answerJson(response);
            }
        });
        operation.setResponses(responses);
        return operation;
    }

    /**
     * A handler that names no {@code produces} is documented as answering any media type; every success body of the
     * mesh is JSON, and a generated client reads it only when the document says so.
     */
    private static void answerJson(ApiResponse response) {
        Content content = response.getContent();
        if (content != null && content.containsKey(ANY)) {
            MediaType media = content.remove(ANY);
            content.putIfAbsent(JSON, media);
        }
    }

    private static ApiResponse problemResponse(int status, Set<String> codes) {
        List<String> list = new ArrayList<>(codes);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "about:blank");
        example.put("status", status);
        example.put("code", list.get(0));
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)).example(example);
        ApiResponse response = new ApiResponse().description("problem+json; code one of: " + String.join(", ", list))
                .content(new Content().addMediaType(PROBLEM_JSON, media));
        response.addExtension(CODES, list);
        return response;
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details with a stable machine code")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("stable machine code, e.g. QUOTA_INSUFFICIENT"))
                .required(List.of("status", "code"));
    }
}
