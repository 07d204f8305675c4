package cn.mutualaid.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class MergedDocumentTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode doc(String json) {
        return JSON.readTree(json.replace('\'', '"'));
    }

    private static final String AUDIT = "'/api/v1/audit/{service}': {'get': {'operationId': 'listAudit'}}";

    private static ObjectNode merge(String first, String second) {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        docs.put("registry", doc(first));
        docs.put("wallet", doc(second));
        return MergedDocument.merge(docs, JSON.createObjectNode().put("title", "t"));
    }

    @Test
    void theSameOperationInTwoServicesIsListedOnceAndEachServicesOwnOperationsAreKept() {
        ObjectNode merged = merge(
                "{'paths': {" + AUDIT + ", '/api/v1/persons': {'post': {'operationId': 'registerPerson'}}},"
                        + " 'security': [{'bearer': []}], 'tags': [{'name': 'persons'}]}",
                "{'paths': {" + AUDIT + ", '/api/v1/payments': {'post': {'operationId': 'payPayment'}}},"
                        + " 'tags': [{'name': 'payments'}, {'name': 'persons', 'description': 'later'}]}");
        assertThat(MergedDocument.operations(merged)).containsExactly("GET /api/v1/audit/{service}",
                "POST /api/v1/persons", "POST /api/v1/payments");
        assertThat(merged.path("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        assertThat(merged.path("tags").toString()).isEqualTo("[{\"name\":\"persons\"},{\"name\":\"payments\"}]");
    }

    @Test
    void aDifferentComponentOfTheSameNameIsRenamedAndItsServicesReferencesFollow() {
        ObjectNode merged = merge(
                "{'paths': {}, 'components': {'schemas': {'Problem': {'type': 'object'},"
                        + " 'Page': {'properties': {'items': {'type': 'array'}}}}}}",
                "{'paths': {'/api/v1/payments': {'get': {'responses': {'200': {'content': {'application/json':"
                        + " {'schema': {'$ref': '#/components/schemas/Listing'}}}}}}}},"
                        + " 'components': {'schemas': {'Problem': {'type': 'object'},"
                        + " 'Page': {'properties': {'rows': {'type': 'array'}}},"
                        + " 'Listing': {'properties': {'page': {'$ref': '#/components/schemas/Page'}}}}}}");
        JsonNode schemas = merged.path("components").path("schemas");
        assertThat(schemas.propertyNames()).containsExactlyInAnyOrder("Problem", "Page", "WalletPage", "Listing");
        assertThat(schemas.path("Page").path("properties").has("items")).isTrue();
        assertThat(schemas.path("WalletPage").path("properties").has("rows")).isTrue();
        assertThat(schemas.path("Listing").path("properties").path("page").path("$ref").asString())
                .isEqualTo("#/components/schemas/WalletPage");
    }

    @Test
    void aReferenceToARenamedComponentRenamesTheComponentThatHoldsItWhenTheNameIsTaken() {
        ObjectNode merged = merge(
                "{'paths': {}, 'components': {'schemas': {'Page': {'type': 'object'},"
                        + " 'Listing': {'properties': {'page': {'$ref': '#/components/schemas/Page'}}}}}}",
                "{'paths': {}, 'components': {'schemas': {'Page': {'type': 'array'},"
                        + " 'Listing': {'properties': {'page': {'$ref': '#/components/schemas/Page'}}}}}}");
        JsonNode schemas = merged.path("components").path("schemas");
        assertThat(schemas.propertyNames()).containsExactlyInAnyOrder("Page", "Listing", "WalletPage", "WalletListing");
        assertThat(schemas.path("WalletListing").path("properties").path("page").path("$ref").asString())
                .isEqualTo("#/components/schemas/WalletPage");
    }

    @Test
    void twoDifferentOperationsAtOnePathAndMethodFailTheMerge() {
        assertThatThrownBy(() -> merge("{'paths': {'/api/v1/x': {'get': {'operationId': 'a'}}}}",
                "{'paths': {'/api/v1/x': {'get': {'operationId': 'b'}}}}"))
                .hasMessageContaining("wallet documents GET /api/v1/x differently");
    }
}
