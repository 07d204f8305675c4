package cn.mutualaid.registry.region.api;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.AreaCode;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.validation.PlausibleDate;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.registry.region.RolloutService;
import cn.mutualaid.registry.region.domain.RolloutPolicy;
import cn.mutualaid.registry.region.domain.RolloutSetting;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/regions/areas/{code}/rollout")
@Tag(name = "Regions and rollout")
public class AreaRolloutController {
    private final RolloutService rollouts;

    public AreaRolloutController(RolloutService rollouts) {
        this.rollouts = rollouts;
    }

    public record AreaRolloutRequest(
            @Schema(description = "How far the area's persons may aid relatives", example = "INTRA_PROVINCE")
            @NotNull AidScope geographicScope,
            @Schema(description = "Which relatives may be aided", example = "CLOSE_RELATIVES")
            @NotNull KinshipScope kinshipScope,
            @Schema(description = "When the policy takes effect; a future instant schedules it",
                    example = "2026-12-31T16:00:00Z") @NotNull @PlausibleDate Instant effectiveFrom) {
    }

    /** The policy in force now, whose setting it is, and the changes to come (the area's and its province's). */
    public record AreaRolloutView(String code, AidScope geographicScope, KinshipScope kinshipScope,
            Instant effectiveFrom, RolloutPolicy.Source source, List<RolloutPolicy> scheduled) {

        static AreaRolloutView of(RolloutService.AreaRollout rollout) {
            RolloutPolicy now = rollout.inForce();
            return new AreaRolloutView(rollout.area().code(), now.geographicScope(), now.kinshipScope(),
                    now.effectiveFrom(), now.source(), rollout.scheduled());
        }
    }

    /** One filed setting of the area: what, from when, who filed it and when. */
    public record SettingView(String code, AidScope geographicScope, KinshipScope kinshipScope, Instant effectiveFrom,
            String changedBy, Instant changedAt) {

        static SettingView of(RolloutSetting s) {
            return new SettingView(s.code(), s.geographicScope(), s.kinshipScope(), s.effectiveFrom(), s.changedBy(),
                    s.changedAt());
        }
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "Read a pooling area's rollout policy",
            description = "Any authenticated caller: the policy in force now (source AREA: its own setting, "
                    + "PROVINCE: its province's or the default) and the changes scheduled for it.")
    @RefusesNotFound
    public Mono<AreaRolloutView> get(@PathVariable @AreaCode String code) {
        return rollouts.area(code).map(AreaRolloutView::of);
    }

    @PutMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Set a pooling area's own rollout policy",
            description = "ADMIN only, audited. Overrides its province's; publishes RolloutChanged v2 when it changes "
                    + "(filing the same again changes nothing); a future effectiveFrom schedules it. Answers the "
                    + "area's rollout as the GET shows it.")
    @RefusesNotFound
    public Mono<AreaRolloutView> change(@PathVariable @AreaCode String code,
            @Valid @RequestBody AreaRolloutRequest body) {
        return Caller.current()
                .flatMap(caller -> rollouts.changeArea(code, body.geographicScope(), body.kinshipScope(),
                        body.effectiveFrom(), caller))
                .map(AreaRolloutView::of);
    }

    @GetMapping("/history")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "List the settings filed for a pooling area",
            description = "ADMIN only: the area's own settings, newest first, with who filed them and when; "
                    + "?page=&size=.")
    @RefusesNotFound
    public Flux<SettingView> history(@PathVariable @AreaCode String code,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return rollouts.areaHistory(code, page, size).map(SettingView::of);
    }
}
