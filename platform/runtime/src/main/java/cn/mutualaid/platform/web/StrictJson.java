package cn.mutualaid.platform.web;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * How request bodies are read: a JSON value of the wrong type is refused, never coerced. Jackson's defaults would
 * credit {@code "amountFen": 100.9} as 100 fen and accept {@code "100"}, {@code true} or {@code 1e2}; here each of
 * them fails decoding, which the web layer answers 400 MALFORMED_REQUEST before any code runs. Responses, events and
 * stored JSON keep their own mappers: only what a client sends is read this strictly.
 */
public final class StrictJson {
    private StrictJson() {
    }

    /** Applies the strict reading rules to a builder (Boot's, so its modules and naming are kept). */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                // "100" for a number, 1 for a boolean, 7 for a string: a client bug, not a value.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // {"amountFen":1,"amountFen":100000}: which one did the client mean? Neither is guessed.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfigDefaults(c -> c
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail))
                // Text stays text: a string field accepts only a JSON string.
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert));
    }

    public static JsonMapper mapper() {
        return configure(JsonMapper.builder()).build();
    }
}
