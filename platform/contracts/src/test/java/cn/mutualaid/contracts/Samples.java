package cn.mutualaid.contracts;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Builds a filled-in instance of any contract record, so every field takes part in the round trip. */
final class Samples {
    private Samples() {
    }

    static Object of(Class<?> type) {
        try {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = value(components[i].getName(), components[i].getGenericType(), i);
            }
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(String name, Type generic, int index) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (raw == String.class) {
            return name.toLowerCase().contains("area") ? "320500" : name.toLowerCase().contains("province") ? "320000" : name + "-" + index;
        }
        if (raw == long.class) {
            return 10_000L + index;
        }
        if (raw == boolean.class) {
            return true;
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-11-23T02:00:00Z").plusSeconds(index);
        }
        if (raw == LocalDate.class) {
            return LocalDate.of(1949, 12, 31);
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[index % constants.length];
        }
        if (raw == List.class) {
            Class<?> element = (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0];
            return List.of(of(element), of(element));
        }
        if (raw.isRecord()) {
            return of(raw);
        }
        throw new IllegalArgumentException("no sample for " + generic + " (" + name + ")");
    }
}
