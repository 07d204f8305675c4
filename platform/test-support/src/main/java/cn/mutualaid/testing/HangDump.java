package cn.mutualaid.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because a call it blocked on never answered (WebTestClient's or a {@code block()}'s timeout) or
 * a condition it awaited never came true (Awaitility), prints every thread of the JVM, the service's included, with
 * full stacks: a hang seen once on a loaded machine then says where the request waited. The failure itself is
 * rethrown unchanged.
 */
public class HangDump implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable error) throws Throwable {
        if (isTimeout(error)) {
            System.out.println(dump(context.getDisplayName() + " in " + context.getRequiredTestClass().getName()));
        }
        throw error;
    }

    static boolean isTimeout(Throwable error) {
        // Bounded: causes can be made to form a cycle (initCause), never to point at themselves.
        Throwable t = error;
        for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof TimeoutException || t instanceof ConditionTimeoutException
                    || String.valueOf(t.getMessage()).startsWith("Timeout on blocking read")) {
                return true;
            }
        }
        return false;
    }

    static String dump(String test) {
        StringBuilder out = new StringBuilder("=== hang dump: ").append(test).append(" timed out; threads:\n");
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                out.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                out.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        return out.append("=== end of hang dump\n").toString();
    }
}
