package cn.mutualaid.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.contracts.Scheme;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** How request bodies are read: wrong JSON types are refused, never coerced or truncated. */
class StrictJsonTest {
    private static final JsonMapper JSON = StrictJson.mapper();

    record Pay(Long amountFen, String reference, Boolean capture, Scheme scheme, Instant at) {
    }

    record Primitive(long amountFen, boolean capture) {
    }

    @Test
    void wellTypedBodiesRead() {
        Pay pay = JSON.readValue("""
                {"amountFen": 100, "reference": "r-1", "capture": true, "scheme": "EMPLOYEE",
                 "at": "2026-01-01T00:00:00Z", "unknown": 1}""", Pay.class);
        assertThat(pay).isEqualTo(new Pay(100L, "r-1", true, Scheme.EMPLOYEE, Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(JSON.readValue("{\"amountFen\": null}", Pay.class).amountFen())
                .as("null for a nullable field is @NotNull's business").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.9", "100.0", "1e2", "\"100\"", "true", "[]", "{}", "[100]", "\"\"",
            "99999999999999999999"})
    void anAmountIsAJsonIntegerOnly(String amount) {
        assertThatThrownBy(() -> JSON.readValue("{\"amountFen\": " + amount + "}", Pay.class))
                .isInstanceOf(JacksonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"reference\": 7}", "{\"reference\": 1.5}", "{\"reference\": true}",
            "{\"reference\": []}", "{\"reference\": {}}", "{\"capture\": 1}", "{\"capture\": \"true\"}",
            "{\"capture\": \"\"}", "{\"scheme\": 0}", "{\"scheme\": \"NOPE\"}", "{\"scheme\": \"\"}",
            "{\"at\": \"+300000-01-01T00:00:00Z garbage\"}", "{\"at\": true}"})
    void otherFieldsTakeTheirOwnJsonTypeOnly(String body) {
        assertThatThrownBy(() -> JSON.readValue(body, Pay.class)).isInstanceOf(JacksonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amountFen\": null, \"capture\": true}", "{\"amountFen\": 1, \"capture\": null}"})
    void nullIsRefusedForAPrimitive(String body) {
        assertThatThrownBy(() -> JSON.readValue(body, Primitive.class)).isInstanceOf(JacksonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amountFen\": 1, \"amountFen\": 100000}", "{\"amountFen\": 1} {\"amountFen\": 2}",
            "{\"amountFen\": 1} x", "{\"amountFen\": 1", "", "null"})
    void duplicateKeysTrailingTokensAndBrokenJsonAreRefused(String body) {
        assertThatThrownBy(() -> {
            Pay pay = JSON.readValue(body, Pay.class);
            if (pay == null) {
                throw new IllegalStateException("read as null");
            }
        }).isInstanceOfAny(JacksonException.class, IllegalStateException.class);
    }
}
