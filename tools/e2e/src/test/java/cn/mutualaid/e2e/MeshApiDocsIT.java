package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.OpenApiCompleteness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's merged OpenAPI document of the running mesh: complete for a vendor, every operation of the four
 * services in it once, and the same as the committed {@code api/openapi.json} the Java client is generated from.
 */
@ExtendWith(RunningMesh.class)
class MeshApiDocsIT {
    static final Path COMMITTED = RunningMesh.REPO.resolve("api/openapi.json");
    /** The one command that refreshes the committed document from a running mesh (docs/api.md). */
    static final String REFRESH = "mvn -B verify -pl tools/e2e -Dtest=MeshApiDocsIT -Dmesh.api.write=true";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT, SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonNode read(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RunningMesh.GATEWAY_PORT + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void theMergedDocumentIsCompleteAndHoldsEveryOperationOfTheFourServicesOnce() throws Exception {
        JsonNode merged = read("/v3/api-docs/mesh");
        assertThat(OpenApiCompleteness.gaps(JSON.treeToValue(merged, Map.class))).isEmpty();
        List<String> own = new ArrayList<>();
        for (String service : List.of("registry", "relation", "wallet", "settlement")) {
            operations(read("/v3/api-docs/" + service)).stream().filter(op -> !own.contains(op)).forEach(own::add);
        }
        assertThat(operations(merged)).containsExactlyInAnyOrderElementsOf(own);
        assertThat(merged.path("components").path("securitySchemes").propertyNames()).containsExactly("bearer");
        List<String> ids = new ArrayList<>();
        merged.path("paths").forEach(item -> item.forEach(op -> ids.add(op.path("operationId").asString())));
        assertThat(ids).doesNotHaveDuplicates().doesNotContain("");
    }

    @Test
    void theCommittedDocumentIsTheGatewaysMergedDocument() throws Exception {
        JsonNode merged = read("/v3/api-docs/mesh");
        String text = JSON.writeValueAsString(JSON.treeToValue(merged, Map.class)) + "\n";
        if (Boolean.getBoolean("mesh.api.write")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, text);
        }
        assertThat(Files.exists(COMMITTED) ? JSON.readTree(Files.readString(COMMITTED)) : null)
                .as("api/openapi.json is not the gateway's merged document; refresh it (the Java client follows on the"
                        + " next build) with:%n  %s%n", REFRESH)
                .isEqualTo(merged);
    }

    private static List<String> operations(JsonNode document) {
        List<String> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        return operations;
    }
}
