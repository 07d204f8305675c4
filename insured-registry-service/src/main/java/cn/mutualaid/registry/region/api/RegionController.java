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
import io.swagger.v3.oas.annotations.Operation;
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

    public record RolloutRequest(@NotNull Boolean crossProvince, @NotNull KinshipScope kinshipScope,
            @NotNull @PlausibleDate Instant effectiveFrom) {
    }

    public record AreaView(String code, String name, String province) {
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "All 32 province-level areas (31 provinces and the XPCC) with their rollout policy; "
            + "the set is fixed and small, so it is returned whole")
    public Flux<ProvinceView> provinces() {
        return rollouts.provinces().map(ProvinceView::of);
    }

    @GetMapping("/{code}/areas")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "The prefecture-level pooling areas (统筹区) of a province-level area")
    public Flux<AreaView> areas(@PathVariable @AreaCode String code) {
        return regions.areasOf(code)
                .map(r -> new AreaView(r.code(), r.name(), r.province()));
    }

    @PutMapping("/{code}/rollout")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "File a province's rollout policy, the default of its areas without their own (audited; "
            + "publishes RolloutChanged v2 when it changes; a future effectiveFrom is a scheduled change)")
    public Mono<ProvinceView> changeRollout(@PathVariable @AreaCode String code, @Valid @RequestBody RolloutRequest body) {
        Rollout requested = new Rollout(body.crossProvince(), body.kinshipScope(), body.effectiveFrom());
        return Caller.current().flatMap(caller -> rollouts.changeProvince(code, requested, caller))
                .map(ProvinceView::of);
    }

    @GetMapping("/{code}/rollout/history")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "The changes of a province's rollout policy, newest first, each from the one filed before")
    public Flux<RolloutChange> history(@PathVariable @AreaCode String code,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return rollouts.provinceHistory(code, page, size);
    }
}
