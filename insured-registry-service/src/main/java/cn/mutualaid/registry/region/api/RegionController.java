package cn.mutualaid.registry.region.api;

import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.AreaCode;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.validation.PlausibleDate;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.registry.region.Regions;
import cn.mutualaid.registry.region.RolloutService;
import cn.mutualaid.registry.region.domain.Rollout;
import cn.mutualaid.registry.region.domain.RolloutChange;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
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
@RequestMapping("/api/v1/regions/provinces")
@Tag(name = "Regions and rollout", description = "GB/T 2260 province-level areas, their pooling areas and rollout policy")
public class RegionController {
    private final Regions regions;
    private final RolloutService rollouts;

    public RegionController(Regions regions, RolloutService rollouts) {
        this.regions = regions;
        this.rollouts = rollouts;
    }

    public record RolloutRequest(
            @Schema(description = "true: CROSS_PROVINCE aid, false: INTRA_PROVINCE", example = "true")
            @NotNull Boolean crossProvince,
            @Schema(description = "Which relatives may be aided", example = "NUCLEAR") @NotNull KinshipScope kinshipScope,
            @Schema(description = "When the policy takes effect; a future instant schedules it",
                    example = "2026-12-31T16:00:00Z") @NotNull @PlausibleDate Instant effectiveFrom) {
    }

    public record AreaView(String code, String name, String province) {
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "List the province-level areas with their rollout policy",
            description = "Any authenticated caller: all 32 province-level areas (31 provinces and the XPCC), each "
                    + "with its own policy in force now; the set is fixed and small, so it is returned whole.")
    public Flux<ProvinceView> provinces() {
        return rollouts.provinces().map(ProvinceView::of);
    }

    @GetMapping("/{code}/areas")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "List a province's pooling areas",
            description = "Any authenticated caller: the prefecture-level pooling areas (统筹区) of a province-level "
                    + "area; 404 when the code names no province.")
    @RefusesNotFound
    public Flux<AreaView> areas(@PathVariable @AreaCode String code) {
        return regions.areasOf(code)
                .map(r -> new AreaView(r.code(), r.name(), r.province()));
    }

    @PutMapping("/{code}/rollout")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Set a province's rollout policy",
            description = "ADMIN only, audited. The default of its areas without their own; publishes RolloutChanged "
                    + "v2 when it changes (filing the same again changes nothing); a future effectiveFrom schedules it.")
    @RefusesNotFound
    public Mono<ProvinceView> changeRollout(@PathVariable @AreaCode String code, @Valid @RequestBody RolloutRequest body) {
        Rollout requested = new Rollout(body.crossProvince(), body.kinshipScope(), body.effectiveFrom());
        return Caller.current().flatMap(caller -> rollouts.changeProvince(code, requested, caller))
                .map(ProvinceView::of);
    }

    @GetMapping("/{code}/rollout/history")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "List the changes of a province's rollout policy",
            description = "ADMIN only: newest first, each with the setting filed before it; ?page=&size=.")
    @RefusesNotFound
    public Flux<RolloutChange> history(@PathVariable @AreaCode String code,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return rollouts.provinceHistory(code, page, size);
    }
}
