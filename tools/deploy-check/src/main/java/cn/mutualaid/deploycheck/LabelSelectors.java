package cn.mutualaid.deploycheck;

import java.util.List;
import java.util.Map;

/** Kubernetes label-selector semantics (matchLabels and matchExpressions), over parsed YAML. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Whether the selector selects a pod with these labels. An empty selector selects every pod. */
    public static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> required : Tree.strings(selector, "matchLabels").entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (Map<String, Object> expression : Tree.maps(selector, "matchExpressions")) {
            if (!matchesExpression(expression, labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesExpression(Map<String, Object> expression, Map<String, String> labels) {
        String key = Tree.string(expression, "key");
        String operator = String.valueOf(Tree.string(expression, "operator"));
        List<String> values = Tree.list(expression, "values").stream().map(String::valueOf).toList();
        String value = labels.get(key);
        return switch (operator) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("unknown selector operator " + operator);
        };
    }
}
