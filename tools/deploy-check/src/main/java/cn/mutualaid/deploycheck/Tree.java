package cn.mutualaid.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Parsed YAML as plain maps and lists, and null-safe navigation through them. */
public final class Tree {

    private Tree() {
    }

    /** Every non-empty document of a multi-document YAML stream, each a map. */
    public static List<Map<String, Object>> parseAll(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : newYaml().loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                documents.add(cast(map));
            } else if (document != null) {
                throw new IllegalArgumentException("a YAML document is not a mapping: " + document);
            }
        }
        return documents;
    }

    public static Map<String, Object> parse(String yaml) {
        List<Map<String, Object>> documents = parseAll(yaml);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    /** The value at a path of map keys, or null when any step is missing or not a map. */
    public static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    public static Map<String, Object> map(Object root, String... path) {
        return at(root, path) instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object root, String... path) {
        return at(root, path) instanceof List<?> list ? (List<Object>) list : List.of();
    }

    public static List<Map<String, Object>> maps(Object root, String... path) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object item : list(root, path)) {
            if (item instanceof Map<?, ?> map) {
                maps.add(cast(map));
            }
        }
        return maps;
    }

    public static String string(Object root, String... path) {
        Object value = at(root, path);
        return value == null ? null : String.valueOf(value);
    }

    public static boolean has(Object root, String... path) {
        return at(root, path) != null;
    }

    /** Labels (or any string map) at a path, values stringified. */
    public static Map<String, String> strings(Object root, String... path) {
        Map<String, String> strings = new LinkedHashMap<>();
        map(root, path).forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(20 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options));
    }
}
