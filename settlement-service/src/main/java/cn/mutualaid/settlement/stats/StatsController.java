package cn.mutualaid.settlement.stats;

import cn.mutualaid.platform.validation.PlausibleDate;
import cn.mutualaid.platform.web.ApiException;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class StatsController {
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final int MAX_DAYS = 3 * 366;

    private final Stats stats;

    public StatsController(Stats stats) {
        this.stats = stats;
    }

    /** JSON by default; CSV with {@code Accept: text/csv} or {@code ?format=csv}. Dates are yyyy-mm-dd, China time. */
    /** National statistics: CLEARING and ADMIN only. */
    @GetMapping("/api/v1/settlement/stats")
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN')")
    public Mono<ResponseEntity<?>> stats(
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @PlausibleDate LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @PlausibleDate LocalDate to,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (to.isBefore(from)) {
            return Mono.error(ApiException.unprocessable("INVALID_RANGE", "'to' must not be before 'from'"));
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            return Mono.error(ApiException.unprocessable("INVALID_RANGE", "a range covers at most " + MAX_DAYS + " days"));
        }
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            return Mono.error(ApiException.unprocessable("INVALID_FORMAT", "format is json or csv"));
        }
        return stats.between(from, to).map(view -> csv
                ? ResponseEntity.ok().contentType(CSV)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mutual-aid-" + from + "-" + to + ".csv\"")
                        .body(view.toCsv())
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(view));
    }
}
