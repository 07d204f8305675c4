package cn.mutualaid.platform.audit;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * GET /api/v1/audit/{service}: this service's audit log, newest first, paged; ADMIN reads every entry, an AGENCY the
 * entries whose target area is its own (a province agency: its province's). {@code from} (inclusive) and {@code to}
 * (exclusive) are ISO-8601 instants; {@code action} an exact action. CSV with {@code ?format=csv} or
 * {@code Accept: text/csv}. The gateway routes each service's name to it; another name is 404.
 */
@RestController
public class AuditController {
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final AuditLog log;
    private final String service;

    public AuditController(AuditLog log, String service) {
        this.log = log;
        this.service = service;
    }

    @GetMapping("/api/v1/audit/{service}")
    @PreAuthorize("hasAnyRole('ADMIN', 'AGENCY')")
    @io.swagger.v3.oas.annotations.Operation(summary = "Read this service's audit log",
            description = "Every change a person made, newest first, paged: ADMIN nationally, an AGENCY its own area's"
                    + " entries. JSON, or CSV with format=csv or Accept: text/csv.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the entries",
            content = {
                @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                        array = @io.swagger.v3.oas.annotations.media.ArraySchema(
                                schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = AuditEntry.class))),
                @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv",
                        schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string"))})
    @cn.mutualaid.platform.openapi.Refuses(status = 404, codes = "NOT_FOUND")
    @cn.mutualaid.platform.openapi.Refuses(status = 422, codes = {"INVALID_FORMAT", "INVALID_RANGE"})
    public Mono<ResponseEntity<?>> entries(@PathVariable String service,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) @Size(max = 100) String action,
            @RequestParam(required = false) String format,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @Min(0) int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!this.service.equals(service)) {
            return Mono.error(Rejection.notFound("audit log"));
        }
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            return Mono.error(Rejection.refused("INVALID_FORMAT", "format is json or csv"));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            return Mono.error(Rejection.refused("INVALID_RANGE", "'from' must be before 'to'"));
        }
        return Caller.current().flatMap(caller -> log.page(AuditScope.of(caller), from, to, action, new Page(page, size)))
                .map(entries -> csv
                        ? ResponseEntity.ok().contentType(CSV)
                                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + service + ".csv\"")
                                .body(AuditCsv.of(entries))
                        : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(entries));
    }
}
