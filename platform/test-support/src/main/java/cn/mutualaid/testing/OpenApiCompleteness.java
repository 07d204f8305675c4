package cn.mutualaid.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a hospital vendor needs of each operation in an OpenAPI document (read as plain maps from its JSON): a summary,
 * the bearer scheme, a success response (a JSON body, not "any media type"), a schema for every body it sends and
 * receives, and on every problem response the stable codes it can carry ({@code x-problem-codes}). {@link #gaps}
 * lists what is missing, one line per gap, so that a service's test can assert that there is none.
 */
public final class OpenApiCompleteness {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String BEARER = "bearer";

    private OpenApiCompleteness() {
    }

    public static List<String> gaps(Map<?, ?> document) {
        List<String> gaps = new ArrayList<>();
        if (!hasBearerScheme(document)) {
            gaps.add("components: no bearer security scheme");
        }
        boolean secureByDefault = requiresBearer(document.get("security"));
        Map<?, ?> paths = map(document.get("paths"));
        paths.forEach((path, item) -> map(item).forEach((method, op) -> {
            if (METHODS.contains(String.valueOf(method))) {
                String name = String.valueOf(method).toUpperCase() + " " + path;
                operationGaps(name, map(op), secureByDefault, gaps);
            }
        }));
        return gaps;
    }

    private static void operationGaps(String name, Map<?, ?> op, boolean secureByDefault, List<String> gaps) {
        if (!(op.get("summary") instanceof String summary) || summary.isBlank()) {
            gaps.add(name + ": no summary");
        }
        if (!(op.containsKey("security") ? requiresBearer(op.get("security")) : secureByDefault)) {
            gaps.add(name + ": no bearer security requirement");
        }
        Map<?, ?> body = map(op.get("requestBody"));
        if (!body.isEmpty() && !everyMediaHasSchema(body)) {
            gaps.add(name + ": request body without a schema");
        }
        Map<?, ?> responses = map(op.get("responses"));
        boolean success = false;
        for (Map.Entry<?, ?> entry : responses.entrySet()) {
            String status = String.valueOf(entry.getKey());
            Map<?, ?> response = map(entry.getValue());
            if (status.startsWith("2")) {
                success = true;
                if (!everyMediaHasSchema(response)) {
                    gaps.add(name + ": response " + status + " without a schema");
                }
                if (map(response.get("content")).containsKey("*/*")) {
                    gaps.add(name + ": response " + status + " of any media type, not application/json");
                }
            } else if (status.startsWith("4") || status.startsWith("5")) {
                if (!(response.get("x-problem-codes") instanceof List<?> codes) || codes.isEmpty()) {
                    gaps.add(name + ": response " + status + " lists no problem codes");
                }
            }
        }
        if (!success) {
            gaps.add(name + ": no success response");
        }
    }

    private static boolean everyMediaHasSchema(Map<?, ?> holder) {
        Map<?, ?> content = map(holder.get("content"));
        return content.values().stream().allMatch(media -> map(media).get("schema") != null);
    }

    private static boolean hasBearerScheme(Map<?, ?> document) {
        Map<?, ?> scheme = map(map(map(document.get("components")).get("securitySchemes")).get(BEARER));
        return "http".equals(scheme.get("type")) && "bearer".equalsIgnoreCase(String.valueOf(scheme.get("scheme")));
    }

    private static boolean requiresBearer(Object security) {
        return security instanceof List<?> list && list.stream().anyMatch(req -> map(req).containsKey(BEARER));
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }
}
