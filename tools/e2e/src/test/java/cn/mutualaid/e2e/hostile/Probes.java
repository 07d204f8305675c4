package cn.mutualaid.e2e.hostile;

import cn.mutualaid.e2e.IdNumbers;
import cn.mutualaid.e2e.hostile.Operations.Operation;
import cn.mutualaid.e2e.hostile.Operations.Slot;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile requests for one operation. Each changes one thing of an otherwise plausible request (a well-shaped
 * body, path ids that exist nowhere), so that what is refused is the hostile part: every body field gets wrong JSON
 * types, extremes, and invisible, control and bidi characters; the body as a whole is malformed, oversized or of
 * another content type; every path and query parameter gets hostile values.
 */
final class Probes {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** An id that has the documented shape and names nothing. */
    static final String NOBODY = UUID.randomUUID().toString();

    private Probes() {
    }

    /** What a probe must get. BODY: a 4xx problem. PARAMETER: anything but a 5xx, and a problem when refused. */
    enum Expect { REFUSED, NO_FAULT }

    record Probe(String what, String method, String uri, String contentType, String body, Expect expect) {
    }

    private static final List<String> ANY_TYPE = List.of("null", "[]", "{}", "[1]");
    private static final List<String> HOSTILE_TEXT = List.of("\"\"", "\"   \"", "\"\\u3000\\u3000\"", "\"a\\u0000b\"",
            "\"\\u0000\"", "\"a\\u0007b\"", "\"a\\nb\"", "\"\\u202Eabc\"", "\"a\\u202Ab\"", "\"a\\u2066b\\u2069\"",
            "\"a\\u200Bb\"", "\"\\uFEFFa\"", "\"a\\u2060b\"", "\"a\\u2028b\"", "\"a\\ud800b\"", "\"\\udc00\"",
            "\"\\u3164\"", "\"" + "x".repeat(10_000) + "\"", "\"" + "名".repeat(10_000) + "\"");
    private static final List<String> NOT_TEXT = List.of("7", "1.5", "true", "-1");
    private static final List<String> NOT_NUMBER = List.of("\"100\"", "100.9", "100.0", "1e2", "true", "\"\"",
            "1e400", "1000000000000000000000000000000", "9223372036854775808", "-9223372036854775809",
            "9223372036854775807", "-9223372036854775808", "100000000001", "0", "-1");
    private static final List<String> NOT_BOOLEAN = List.of("\"true\"", "1", "0", "\"\"", "\"yes\"");
    private static final List<String> PATH_VALUES = List.of("a'b", "a b", "\u202Ep", "x".repeat(300), "-1",
            "99999999999999999999", "张三", "a\u0000b", "a;b", "a/b", "a\u200Bb", "%", "..");
    private static final List<String> QUERY_VALUES = List.of("-1", "0", "2147483648", "99999999999999999999", "abc",
            "", "1.5", "x".repeat(1000), "a\u0000b", "\u202E", "0000-01-01", "+300000-01-01", "-999999999-01-01",
            "9999-12-31", "2024-02-30");

    static List<Probe> of(Operation op) {
        List<Probe> probes = new ArrayList<>();
        Map<String, String> baseBody = op.body() == null ? null : baseBody(op.body());
        String json = baseBody == null ? null : write(baseBody);
        String uri = uri(op, Map.of(), Map.of());
        for (Slot p : op.params()) {
            List<String> values = p.in().equals("path") ? PATH_VALUES : QUERY_VALUES;
            for (String v : values) {
                Map<String, String> path = p.in().equals("path") ? Map.of(p.name(), v) : Map.of();
                Map<String, String> query = p.in().equals("query") ? Map.of(p.name(), v) : Map.of();
                Expect expect = p.in().equals("path") ? Expect.REFUSED : Expect.NO_FAULT;
                probes.add(new Probe(p.in() + " " + p.name() + "=" + shorten(v), op.method(), uri(op, path, query),
                        json == null ? null : "application/json", json, expect));
            }
        }
        if (baseBody == null) {
            return probes;
        }
        for (Slot field : op.body()) {
            List<String> values = new ArrayList<>(ANY_TYPE);
            values.addAll(field.isNumber() ? NOT_NUMBER : field.isBoolean() ? NOT_BOOLEAN : NOT_TEXT);
            if (!field.isNumber() && !field.isBoolean()) {
                values.addAll(HOSTILE_TEXT);
            }
            for (String raw : values) {
                Map<String, String> body = new LinkedHashMap<>(baseBody);
                body.put(field.name(), raw);
                probes.add(new Probe("body " + field.name() + "=" + shorten(raw), op.method(), uri, "application/json",
                        write(body), Expect.REFUSED));
            }
        }
        String first = op.body().isEmpty() ? "x" : op.body().get(0).name();
        List<String> malformed = List.of("", "{", "{\"" + first + "\":", "[]", "null", "\"text\"", "7", json + " {}",
                json + " x", "{\"" + first + "\":" + baseBody.getOrDefault(first, "1") + "," + json.substring(1),
                "[".repeat(5_000) + "]".repeat(5_000), "{'" + first + "': 1}", json.replace("\"", "'"));
        for (String body : malformed) {
            probes.add(new Probe("malformed " + shorten(body), op.method(), uri, "application/json", body, Expect.REFUSED));
        }
        String padded = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"," + json.substring(1);
        probes.add(new Probe("oversized body", op.method(), uri, "application/json", padded, Expect.REFUSED));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            probes.add(new Probe("content type " + type, op.method(), uri, type, json, Expect.REFUSED));
        }
        probes.add(new Probe("no content type", op.method(), uri, null, json, Expect.REFUSED));
        return probes;
    }

    /** A plausible body: each field a well-shaped value of its type (raw JSON text per field). */
    static Map<String, String> baseBody(List<Slot> fields) {
        Map<String, String> body = new LinkedHashMap<>();
        for (Slot f : fields) {
            body.put(f.name(), JSON.writeValueAsString(plausible(f)));
        }
        return body;
    }

    private static Object plausible(Slot f) {
        String name = f.name().toLowerCase();
        if (!f.enumValues().isEmpty()) {
            return f.enumValues().get(0);
        }
        if (f.isNumber()) {
            return 100;
        }
        if (f.isBoolean()) {
            return true;
        }
        if (f.format().equals("date-time")) {
            return "2025-07-01T00:00:00Z";
        }
        if (f.format().equals("date")) {
            return "2025-07-01";
        }
        if (name.contains("area")) {
            return "320500";
        }
        if (name.equals("idnumber")) {
            return IdNumbers.random("320500", LocalDate.of(1980, 1, 1), true);
        }
        if (name.endsWith("id")) {
            return NOBODY;
        }
        if (name.contains("code")) {
            return "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg";
        }
        return "hostile harness";
    }

    /** The operation's path with ids that name nothing, one parameter replaced, and required query values. */
    static String uri(Operation op, Map<String, String> pathValues, Map<String, String> queryValues) {
        String path = op.path();
        Map<String, String> query = new LinkedHashMap<>();
        for (Slot p : op.params()) {
            if (p.in().equals("path")) {
                String value = pathValues.getOrDefault(p.name(), placeholder(p.name()));
                path = path.replace("{" + p.name() + "}", encode(value));
            } else if (queryValues.containsKey(p.name())) {
                query.put(p.name(), queryValues.get(p.name()));
            } else if (p.required()) {
                query.put(p.name(), p.name().equals("to") ? "2025-01-31" : "2025-01-01");
            }
        }
        return query.isEmpty() ? path : path + "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String placeholder(String name) {
        String n = name.toLowerCase();
        if (n.contains("period") || n.contains("yyyymm")) {
            return "199001";
        }
        if (n.contains("code") || n.contains("province") || n.contains("area")) {
            return "990000";
        }
        return NOBODY;
    }

    /** Percent-encodes everything but the unreserved characters (RFC 3986), as a careful client would. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String write(Map<String, String> rawFields) {
        return rawFields.entrySet().stream().map(e -> JSON.writeValueAsString(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String shorten(String text) {
        String visible = text.codePoints().mapToObj(cp -> cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || Character.getType(cp)
                == Character.FORMAT || Character.getType(cp) == Character.SURROGATE
                ? String.format("<U+%04X>", cp) : new String(Character.toChars(cp))).collect(Collectors.joining());
        return visible.length() > 40 ? visible.substring(0, 40) + "…(" + text.length() + ")" : visible;
    }
}
