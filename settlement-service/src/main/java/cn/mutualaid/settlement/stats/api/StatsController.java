package cn.mutualaid.settlement.stats.api;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.PlausibleDate;
import cn.mutualaid.settlement.authority.domain.ProvinceCodes;
import cn.mutualaid.settlement.stats.StatsService;
import cn.mutualaid.settlement.stats.domain.Side;
import cn.mutualaid.settlement.stats.domain.StatsQuery;
import cn.mutualaid.settlement.stats.domain.StatsRange;
import cn.mutualaid.settlement.stats.domain.StatsReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Statistics", description = "Mutual-aid uses and amounts over a range of days, national or one"
        + " province's, by scope and by category, in JSON or CSV")
public class StatsController {
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final StatsService stats;

    public StatsController(StatsService stats) {
        this.stats = stats;
    }

    /**
     * Uses and amounts by scope, by category and by both, for a range of days (yyyy-mm-dd, China time, both
     * included): national (CLEARING, ADMIN), or one province's ({@code province=xx0000}: CLEARING, ADMIN, that
     * province's own agency) counted by the benefactor's insured province ({@code side=fund}, the default) or by the
     * province where it was spent ({@code side=spend}). JSON by default; CSV with {@code Accept: text/csv} or
     * {@code ?format=csv}.
     */
    @GetMapping("/api/v1/settlement/stats")
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN', 'AGENCY')")
    @Operation(summary = "Mutual-aid statistics for a range of days", description = "The clearing centre or an"
            + " administrator reads national figures or any province's; a province's own agency (area xx0000) reads"
            + " that province's only, counted where the benefactor is insured (side=fund) or where it was spent"
            + " (side=spend).")
    @ApiResponse(responseCode = "200", description = "the figures; CSV with Accept: text/csv or format=csv",
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = StatsReport.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                            example = "dimension,key,amountFen,uses\ntotal,ALL,1250000,42\n"))})
    @Refuses(status = 400, codes = {"INVALID_PROVINCE", "INVALID_SIDE"})
    @Refuses(status = 422, codes = {"INVALID_RANGE", "INVALID_FORMAT"})
    public Mono<ResponseEntity<?>> stats(
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @PlausibleDate LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @PlausibleDate LocalDate to,
            @RequestParam(required = false) String province,
            @RequestParam(required = false) String side,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        StatsRange range = StatsRange.of(from, to);
        Side counted = Side.parse(side);
        StatsQuery query = province == null ? StatsQuery.national(range)
                : StatsQuery.of(range, ProvinceCodes.parse(province), counted);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            return Mono.error(Rejection.refused("INVALID_FORMAT", "format is json or csv"));
        }
        return Caller.current().flatMap(caller -> stats.report(caller, query)).map(report -> csv
                ? ResponseEntity.ok().contentType(CSV)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + StatsCsv.fileName(report) + "\"")
                        .body(StatsCsv.of(report))
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report));
    }
}
