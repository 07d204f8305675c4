package cn.mutualaid.platform.messaging.parked;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.messaging.parked.ParkedMessageStore.Parked;
import cn.mutualaid.platform.messaging.parked.ParkedMessageStore.Status;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * ADMIN's view of this service's parked messages: {@code /api/v1/parked-messages/{service}}, where {service} is the
 * service's short name (relation, wallet, settlement), so the gateway routes each prefix to its service.
 */
@RestController
@Validated
@RequestMapping("/api/v1/parked-messages/{service}")
public class ParkedMessageController {
    private final ParkedMessages parked;
    private final String service;

    public ParkedMessageController(ParkedMessages parked, String service) {
        this.parked = parked;
        this.service = service;
    }

    /** One parked message as ADMIN sees it (the record's bytes stay in the database). */
    public record View(long id, String topic, int partition, long offset, String consumerGroup, String eventId,
            String type, String reason, String detail, Instant parkedAt, String status, Instant resolvedAt,
            String resolvedBy, String resolution) {
        static View of(Parked p) {
            return new View(p.id(), p.topic(), p.partition(), p.offset(), p.group(), p.eventId(), p.type(), p.reason(),
                    p.detail(), p.parkedAt(), p.status().name(), p.resolvedAt(), p.resolvedBy(), p.resolution());
        }
    }

    public record DiscardRequest(@NotBlank @Size(max = 500) String reason) {
    }

    /** Newest last; ?status=PARKED|REPLAYED|DISCARDED (default PARKED), paged. */
    @GetMapping
    @PreAuthorize("hasRole('ADMIN')")
    @io.swagger.v3.oas.annotations.Operation(summary = "List parked (poison) messages of this service",
            description = "ADMIN: messages a consumer could not take (undecodable, invalid, unknown version), by status.")
    @cn.mutualaid.platform.openapi.Refuses(status = 404, codes = "NOT_FOUND")
    public Flux<View> list(@PathVariable String service, @RequestParam(defaultValue = "PARKED") Status status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @Min(0) int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        Page paging = new Page(page, size);
        return thisService(service).thenMany(Caller.current()
                .flatMapMany(caller -> parked.list(caller, status, paging.size(), paging.offset())))
                .map(View::of);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @io.swagger.v3.oas.annotations.Operation(summary = "Read one parked message", description = "ADMIN only.")
    @cn.mutualaid.platform.openapi.Refuses(status = 404, codes = "NOT_FOUND")
    public Mono<View> get(@PathVariable String service, @PathVariable long id) {
        return thisService(service).then(Caller.current().flatMap(caller -> parked.get(caller, id))).map(View::of);
    }

    @PostMapping("/{id}/replay")
    @PreAuthorize("hasRole('ADMIN')")
    @io.swagger.v3.oas.annotations.Operation(summary = "Replay one parked message to its consumer",
            description = "ADMIN: after the cause is fixed; the consumer's inbox makes a second effect impossible.")
    @cn.mutualaid.platform.openapi.Refuses(status = 404, codes = "NOT_FOUND")
    @cn.mutualaid.platform.openapi.Refuses(status = 409, codes = {"PARKED_MESSAGE_RESOLVED", "PARKED_MESSAGE_NO_CONSUMER"})
    public Mono<ParkedMessages.Replay> replay(@PathVariable String service, @PathVariable long id) {
        return thisService(service).then(Caller.current().flatMap(caller -> parked.replay(caller, id)));
    }

    @PostMapping("/replay-all")
    @PreAuthorize("hasRole('ADMIN')")
    @io.swagger.v3.oas.annotations.Operation(summary = "Replay every parked message of this service",
            description = "ADMIN: each one as the single replay does.")
    @cn.mutualaid.platform.openapi.Refuses(status = 404, codes = "NOT_FOUND")
    @cn.mutualaid.platform.openapi.Refuses(status = 409, codes = "PARKED_MESSAGE_NO_CONSUMER")
    public Flux<ParkedMessages.Replay> replayAll(@PathVariable String service) {
        return thisService(service).thenMany(Caller.current().flatMapMany(parked::replayAll));
    }

    @PostMapping("/{id}/discard")
    @PreAuthorize("hasRole('ADMIN')")
    @io.swagger.v3.oas.annotations.Operation(summary = "Discard a parked message, with the reason",
            description = "ADMIN: the message stays recorded as discarded, with who and why.")
    @cn.mutualaid.platform.openapi.Refuses(status = 404, codes = "NOT_FOUND")
    @cn.mutualaid.platform.openapi.Refuses(status = 409, codes = "PARKED_MESSAGE_RESOLVED")
    public Mono<View> discard(@PathVariable String service, @PathVariable long id,
            @Valid @RequestBody DiscardRequest request) {
        return thisService(service)
                .then(Caller.current().flatMap(caller -> parked.discard(caller, id, request.reason().strip())))
                .map(View::of);
    }

    private Mono<Void> thisService(String requested) {
        return this.service.equals(requested) ? Mono.empty() : Mono.error(Rejection.notFound("service"));
    }
}
