package cn.mutualaid.wallet.payment;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every statement the R2DBC driver sends (its query log), with the correlation id of the request it ran for: what a
 * request costs in round trips, and which SQL the bench scripts must mirror.
 */
final class StatementRecorder extends AppenderBase<ILoggingEvent> {
    private static final Logger QUERIES = (Logger) LoggerFactory.getLogger("io.r2dbc.postgresql.QUERY");
    private static final String CORRELATION = "x-correlation-id";

    private final List<String[]> statements = Collections.synchronizedList(new ArrayList<>());
    private Level level;

    /** Starts recording (the driver logs its statements at DEBUG only). */
    void attach() {
        start();
        level = QUERIES.getLevel();
        QUERIES.setLevel(Level.DEBUG);
        QUERIES.addAppender(this);
    }

    void detach() {
        QUERIES.detachAppender(this);
        QUERIES.setLevel(level);
    }

    @Override
    protected void append(ILoggingEvent event) {
        Object[] args = event.getArgumentArray();
        if (args != null && args.length == 1) {
            statements.add(new String[] {event.getMDCPropertyMap().get(CORRELATION), String.valueOf(args[0])});
        }
    }

    /** The statements run for the request with this correlation id, in order. */
    List<String> of(String correlationId) {
        synchronized (statements) {
            return statements.stream().filter(s -> correlationId.equals(s[0])).map(s -> s[1]).toList();
        }
    }
}
