package cn.mutualaid.platform.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can act on: an HTTP status, a stable machine {@code code} (part of the public contract) and a
 * human detail. Being replaced by {@link cn.mutualaid.kernel.Rejection} (no HTTP in rules); removed once no service
 * uses it. Extra properties (for example the existing {@code personId} on PERSON_EXISTS) go into the problem.
 */
@Deprecated(forRemoval = true)
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ApiException(HttpStatus status, String code, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found");
    }

    public static ApiException forbidden() {
        return new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "not allowed for this caller");
    }

    public static ApiException unprocessable(String code, String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(HttpStatus.CONFLICT, code, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
