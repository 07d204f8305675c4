package cn.mutualaid.platform.consistency;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Which events this service has seen: consumed (its inbox, where every consumer records every event id it receives)
 * or produced (its outbox: a service sees its own writes at once).
 */
public class SeenEvents {
    private final DatabaseClient db;

    public SeenEvents(DatabaseClient db) {
        this.db = db;
    }

    /** Whether every one of the ids (at most a few: the header allows 16) has been seen. */
    public Mono<Boolean> all(Set<UUID> ids) {
        List<String> params = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            params.add(":id" + i);
        }
        String in = String.join(", ", params);
        DatabaseClient.GenericExecuteSpec spec = db.sql("select count(*) as seen from ("
                + "select event_id from inbox where event_id in (" + in + ")"
                + " union select event_id from outbox where event_id in (" + in + ")) ids");
        int i = 0;
        for (UUID id : ids) {
            spec = spec.bind("id" + i++, id);
        }
        return spec.map(row -> row.get("seen", Long.class)).one().map(seen -> seen == ids.size());
    }
}
