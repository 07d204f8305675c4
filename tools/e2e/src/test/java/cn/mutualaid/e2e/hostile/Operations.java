package cn.mutualaid.e2e.hostile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The operations of the services' OpenAPI documents, reduced to what the harness varies: parameters and body fields. */
final class Operations {
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private Operations() {
    }

    /** A scalar slot of a request: a parameter (in path or query) or a top-level field of the JSON body. */
    record Slot(String name, String in, String type, String format, List<String> enumValues, boolean required) {
        boolean isNumber() {
            return "integer".equals(type) || "number".equals(type);
        }

        boolean isBoolean() {
            return "boolean".equals(type);
        }
    }

    /** {@code body} is null when the operation takes no request body. */
    record Operation(String service, String method, String path, List<Slot> params, List<Slot> body) {
        String label() {
            return method + " " + path;
        }
    }

    /** Every operation of one service's document. */
    static List<Operation> of(String service, JsonNode doc) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode op = path.getValue().path(method);
                if (op.isMissingNode()) {
                    continue;
                }
                List<Slot> params = new ArrayList<>();
                for (JsonNode p : op.path("parameters")) {
                    String in = p.path("in").asString();
                    if (in.equals("path") || in.equals("query")) {
                        params.add(slot(doc, p.path("name").asString(), in, p.path("schema"), p.path("required").asBoolean()));
                    }
                }
                JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
                List<Slot> body = schema.isMissingNode() ? null : fields(doc, schema);
                operations.add(new Operation(service, method.toUpperCase(), path.getKey(), params, body));
            }
        }
        return operations;
    }

    private static List<Slot> fields(JsonNode doc, JsonNode schema) {
        JsonNode resolved = resolve(doc, schema);
        Set<String> required = new HashSet<>();
        resolved.path("required").forEach(r -> required.add(r.asString()));
        List<Slot> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
            fields.add(slot(doc, property.getKey(), "body", property.getValue(), required.contains(property.getKey())));
        }
        return fields;
    }

    private static Slot slot(JsonNode doc, String name, String in, JsonNode schema, boolean required) {
        JsonNode s = resolve(doc, schema);
        List<String> values = new ArrayList<>();
        s.path("enum").forEach(v -> values.add(v.asString()));
        String type = s.path("type").isString() ? s.path("type").asString()
                : s.path("type").isArray() && !s.path("type").isEmpty() ? s.path("type").get(0).asString() : "string";
        return new Slot(name, in, type, s.path("format").asString(""), values, required);
    }

    /** Follows a local {@code $ref} (#/components/schemas/X). */
    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/")) {
            JsonNode target = doc;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }
        return schema;
    }
}
