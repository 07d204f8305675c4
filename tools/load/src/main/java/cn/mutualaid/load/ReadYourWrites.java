package cn.mutualaid.load;

import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Read-your-writes for one line of work (a family's build): remembers the consistency token of every write and sends
 * them back in {@code Mesh-Await}, so that the service of a later step answers only once it has seen those writes, not
 * with a refusal its late projection would give (403, BENEFICIARY_NOT_INSURED, KINSHIP_NOT_VERIFIED). Off
 * ({@code LOAD_AWAIT=0}) it sends nothing, as the build did before, to count what the header saves.
 */
final class ReadYourWrites {
    static final boolean ON = !"0".equals(System.getenv("LOAD_AWAIT"));
    /** The services read at most 16 ids; the newest matter. */
    private static final int KEEP = 16;

    private final Deque<String> ids = new ArrayDeque<>();

    ReadYourWrites(ReadYourWrites shared) {
        if (shared != null) {
            ids.addAll(shared.ids);
        }
    }

    /** The call, remembering its answer's token. */
    synchronized Reply remember(Supplier<Reply> call) {
        Reply reply = call.get();
        String token = reply.consistencyToken();
        if (reply.ok() && token != null) {
            Set<String> fresh = new LinkedHashSet<>();
            for (String id : token.split(",")) {
                if (!id.isBlank()) {
                    fresh.add(id.strip());
                }
            }
            ids.removeAll(fresh);
            ids.addAll(fresh);
            while (ids.size() > KEEP) {
                ids.removeFirst();
            }
        }
        return reply;
    }

    /** A write that waits for the ones before it (and is remembered in turn). */
    Reply send(MeshClient mesh, String method, String path, String token, Object body) {
        return send(mesh, method, path, token, body, null);
    }

    /** The same, for a money POST under its Idempotency-Key (the same key on every attempt). */
    Reply send(MeshClient mesh, String method, String path, String token, Object body, String idempotencyKey) {
        String await = ON ? await() : null;
        return remember(() -> mesh.call(method, path, token, body, idempotencyKey, await));
    }

    private synchronized String await() {
        return String.join(",", ids);
    }
}
