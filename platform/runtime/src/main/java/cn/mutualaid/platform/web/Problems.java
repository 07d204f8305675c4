package cn.mutualaid.platform.web;

import cn.mutualaid.kernel.Rejection;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * The single mapping from an exception to an RFC 9457 problem with a stable {@code code}. Every error the mesh
 * returns, from a controller, a filter, security or the gateway, goes through here.
 */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:mutual-aid:problem:" + code.toLowerCase().replace('_', '-')));
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail from(Throwable error) {
        if (error instanceof Rejection rejection) {
            ProblemDetail problem = of(statusOf(rejection.kind()), rejection.code(), rejection.detail());
            rejection.properties().forEach(problem::setProperty);
            return problem;
        }
        if (error instanceof ApiException api) {
            ProblemDetail problem = of(api.status(), api.code(), api.getMessage());
            api.properties().forEach(problem::setProperty);
            return problem;
        }
        if (dependencyUnavailable(error)) {
            return of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "a dependency of this service is unavailable; retry later");
        }
        if (hasCause(error, DataBufferLimitException.class)) {
            return of(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "request body is too large");
        }
        if (error instanceof WebExchangeBindException bind) {
            ProblemDetail problem = of(HttpStatus.UNPROCESSABLE_ENTITY, "VALIDATION_FAILED", "request body is not valid");
            List<Map<String, Object>> fields = bind.getFieldErrors().stream()
                    .map(f -> Map.<String, Object>of("field", f.getField(),
                            "message", String.valueOf(f.getDefaultMessage())))
                    .toList();
            problem.setProperty("errors", fields);
            return problem;
        }
        if (error instanceof HandlerMethodValidationException invalid) {
            return invalidParameters(invalid);
        }
        if (error instanceof MissingRequestValueException missing) {
            return of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", missing.getReason());
        }
        if (error instanceof ServerWebInputException input) {
            // Malformed JSON, wrong types, unknown enum values: the body could not be read, so nothing happened.
            return of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", readable(input));
        }
        if (error instanceof UnsupportedMediaTypeStatusException) {
            return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "use application/json");
        }
        if (error instanceof MethodNotAllowedException) {
            return of(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "method not allowed here");
        }
        if (error instanceof NotAcceptableStatusException) {
            return of(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "cannot produce an acceptable representation");
        }
        if (error instanceof AuthenticationException) {
            return unauthorized();
        }
        if (error instanceof AccessDeniedException) {
            return forbidden();
        }
        if (error instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            return of(status, codeFor(status), String.valueOf(response.getBody().getDetail()));
        }
        ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        if (annotated != null) {
            HttpStatus status = annotated.code();
            String reason = annotated.reason().isEmpty() ? status.getReasonPhrase() : annotated.reason();
            return of(status, codeFor(status), reason);
        }
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "unexpected error; it has been logged");
    }

    /** The one place a domain rejection's kind becomes an HTTP status. */
    public static HttpStatus statusOf(Rejection.Kind kind) {
        return switch (kind) {
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case REFUSED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_YET -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    public static ProblemDetail unauthorized() {
        return of(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "a valid bearer token is required");
    }

    public static ProblemDetail forbidden() {
        return of(HttpStatus.FORBIDDEN, "FORBIDDEN", "not allowed for this caller");
    }

    public static String codeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP_" + status.value() : known.name();
    }

    /** Problem properties in a stable order for JSON rendering outside of Spring MVC's converters. */
    public static Map<String, Object> asMap(ProblemDetail problem, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", instance);
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /**
     * A path segment of the wrong shape (an id with a quote in it, a code of letters) names nothing that can exist:
     * 404, as for a well-formed id that is absent. Invalid query parameters are 422 with their names.
     */
    private static ProblemDetail invalidParameters(HandlerMethodValidationException invalid) {
        List<ParameterValidationResult> results = invalid.getParameterValidationResults();
        if (!results.isEmpty() && results.stream()
                .allMatch(r -> r.getMethodParameter().hasParameterAnnotation(PathVariable.class))) {
            return of(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such resource");
        }
        ProblemDetail problem = of(HttpStatus.UNPROCESSABLE_ENTITY, "VALIDATION_FAILED", "request parameters are not valid");
        problem.setProperty("errors", results.stream()
                .map(r -> Map.<String, Object>of("field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", r.getResolvableErrors().isEmpty() ? "is not valid"
                                : String.valueOf(r.getResolvableErrors().get(0).getDefaultMessage())))
                .toList());
        return problem;
    }

    private static String readable(ServerWebInputException input) {
        Throwable cause = input.getCause();
        if (cause instanceof DecodingException) {
            return "request body is not valid JSON for this endpoint";
        }
        return input.getReason() == null ? "request could not be read" : input.getReason();
    }

    // By name: the gateway has neither R2DBC nor Spring's DAO classes on its classpath.
    private static final Set<String> UNAVAILABLE = Set.of(
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.TransientDataAccessResourceException",
            "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "io.r2dbc.spi.R2dbcTransientResourceException",
            "io.r2dbc.postgresql.PostgresqlConnectionFactory$PostgresConnectionException",
            "java.net.ConnectException");

    /** The database (or another dependency) is down or refusing connections: an outage, not a bug. */
    static boolean dependencyUnavailable(Throwable error) {
        return anyCause(error, t -> {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (UNAVAILABLE.contains(c.getName())) {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        return anyCause(error, type::isInstance);
    }

    /** The error itself or any of its causes matches. */
    private static boolean anyCause(Throwable error, Predicate<Throwable> match) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (match.test(t)) {
                return true;
            }
        }
        return false;
    }
}
