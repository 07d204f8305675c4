package cn.mutualaid.gateway.apidocs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One OpenAPI document of the whole public API from the services' own documents, in a fixed service order, the same
 * input always giving the same output (a client is generated from it and compared with it):
 * <ul>
 * <li>paths: an operation found in several services, the platform's audit log and parked messages, is listed once when
 * it is the same everywhere; two different operations at one path and method cannot be routed and fail the merge;
 * <li>components: a name is kept once when its content is the same in every service; a later service's different
 * component of the same name is renamed with the service's name in front ({@code Page} becomes {@code WalletPage}), and
 * that service's references follow it;
 * <li>tags: the union, the first description kept; one bearer scheme and one security requirement for the document.
 * </ul>
 * Servers are left out: the document is read from the gateway and the operations are called there.
 */
public final class MergedDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCHEMA_REF = "#/components/";

    private MergedDocument() {
    }

    /** @param documents each service's document, by service name, in the order that decides clashes */
    public static ObjectNode merge(Map<String, JsonNode> documents, ObjectNode info) {
        ObjectNode merged = NODES.objectNode();
        merged.put("openapi", documents.values().iterator().next().path("openapi").asString("3.1.0"));
        merged.set("info", info);
        ObjectNode paths = NODES.objectNode();
        ObjectNode components = NODES.objectNode();
        Map<String, ObjectNode> tags = new LinkedHashMap<>();
        ArrayNode security = null;
        for (Map.Entry<String, JsonNode> entry : documents.entrySet()) {
            JsonNode document = entry.getValue().deepCopy();
            rename(document, renamings(entry.getKey(), document.path("components"), components));
            mergeComponents(document.path("components"), components);
            mergePaths(entry.getKey(), document.path("paths"), paths);
            for (JsonNode tag : document.path("tags")) {
                tags.putIfAbsent(tag.path("name").asString(), (ObjectNode) tag);
            }
            if (security == null && document.path("security").isArray()) {
                security = (ArrayNode) document.get("security");
            }
        }
        if (security != null) {
            merged.set("security", security);
        }
        if (!tags.isEmpty()) {
            merged.set("tags", NODES.arrayNode().addAll(tags.values()));
        }
        merged.set("paths", paths);
        merged.set("components", components);
        return merged;
    }

    /**
     * The new names of this service's components that clash with a different one already merged. Renaming one may make
     * another that refers to it differ too, so the clashes are looked for again until none is new.
     */
    static Map<String, String> renamings(String service, JsonNode incoming, ObjectNode merged) {
        Map<String, String> renamed = new HashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, JsonNode> section : incoming.properties()) {
                for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                    String ref = SCHEMA_REF + section.getKey() + "/" + component.getKey();
                    if (renamed.containsKey(ref)) {
                        continue;
                    }
                    JsonNode existing = merged.path(section.getKey()).get(component.getKey());
                    if (existing != null && !existing.equals(renamedCopy(component.getValue(), renamed))) {
                        renamed.put(ref, SCHEMA_REF + section.getKey() + "/" + capitalized(service) + component.getKey());
                        changed = true;
                    }
                }
            }
        }
        return renamed;
    }

    private static JsonNode renamedCopy(JsonNode node, Map<String, String> renamed) {
        JsonNode copy = node.deepCopy();
        renameReferences(copy, renamed);
        return copy;
    }

    /** Moves the renamed components to their new names and points every reference at them. */
    private static void rename(JsonNode document, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        renameReferences(document, renamed);
        JsonNode components = document.path("components");
        renamed.forEach((from, to) -> {
            String[] old = from.substring(SCHEMA_REF.length()).split("/", 2);
            ObjectNode section = (ObjectNode) components.get(old[0]);
            section.set(to.substring(to.lastIndexOf('/') + 1), section.remove(old[1]));
        });
    }

    private static void renameReferences(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && renamed.containsKey(ref.asString())) {
                object.put("$ref", renamed.get(ref.asString()));
            }
            object.values().forEach(child -> renameReferences(child, renamed));
        } else if (node instanceof ArrayNode array) {
            array.values().forEach(child -> renameReferences(child, renamed));
        }
    }

    private static void mergeComponents(JsonNode incoming, ObjectNode merged) {
        for (Map.Entry<String, JsonNode> section : incoming.properties()) {
            ObjectNode target = merged.has(section.getKey()) ? (ObjectNode) merged.get(section.getKey())
                    : merged.putObject(section.getKey());
            for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                if (!target.has(component.getKey())) {
                    target.set(component.getKey(), component.getValue());
                }
            }
        }
    }

    private static void mergePaths(String service, JsonNode incoming, ObjectNode merged) {
        for (Map.Entry<String, JsonNode> path : incoming.properties()) {
            ObjectNode target = merged.has(path.getKey()) ? (ObjectNode) merged.get(path.getKey())
                    : merged.putObject(path.getKey());
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode existing = target.get(operation.getKey());
                if (existing == null) {
                    target.set(operation.getKey(), operation.getValue());
                } else if (!existing.equals(operation.getValue())) {
                    throw new IllegalStateException(service + " documents " + operation.getKey().toUpperCase() + " "
                            + path.getKey() + " differently from an earlier service: one of them cannot be routed");
                }
            }
        }
    }

    /** The operations of a document, {@code METHOD path}, for comparing documents. */
    public static List<String> operations(JsonNode document) {
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }
        return operations;
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
