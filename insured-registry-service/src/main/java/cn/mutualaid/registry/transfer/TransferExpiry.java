package cn.mutualaid.registry.transfer;

import cn.mutualaid.registry.Sweep;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Open transfer requests past {@code mesh.registry.transfer.expires-after} become EXPIRED. */
@Component
public record TransferExpiry(TransferService transfers) implements Sweep {
    @Override
    public Mono<Long> sweep(Instant now) {
        return transfers.expireDue(now);
    }
}
