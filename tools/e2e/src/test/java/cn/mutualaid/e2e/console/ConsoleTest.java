package cn.mutualaid.e2e.console;

import cn.mutualaid.e2e.RunningMesh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A browser test class: one Chromium for all its tests, at the desk size, against the running mesh's gateway. When a
 * test fails, the page is screenshotted and the gateway's log kept beside the screenshots (the mesh's home, with its
 * logs, is deleted after the run).
 */
@ExtendWith(RunningMesh.class)
abstract class ConsoleTest {
    static Browser browser;

    @RegisterExtension
    final TestWatcher keepEvidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
            if (browser != null) {
                browser.screenshot(name + "-failed");
            }
            Path log = RunningMesh.home() == null ? null : RunningMesh.home().resolve("logs").resolve("gateway.log");
            try {
                if (log != null && Files.exists(log)) {
                    Files.createDirectories(Browser.SHOTS);
                    Files.copy(log, Browser.SHOTS.resolve(name + "-gateway.log"), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                System.out.println("could not keep the gateway's log: " + e.getMessage());
            }
            keepGatewayThreads(name);
        }
    };

    /**
     * The gateway's threads as the test failed (jcmd Thread.print): an event loop blocked on something shows here,
     * which neither the access log (written when a request ends) nor the browser's events can tell.
     */
    private static void keepGatewayThreads(String name) {
        if (RunningMesh.home() == null) {
            return;
        }
        String part = "-Dmesh.home=" + RunningMesh.home() + " -Dmesh.part=gateway ";
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(part)).orElse(false))
                .findFirst()
                .ifPresent(gateway -> {
                    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                    try {
                        Files.createDirectories(Browser.SHOTS);
                        new ProcessBuilder(jcmd.toString(), Long.toString(gateway.pid()), "Thread.print")
                                .redirectErrorStream(true)
                                .redirectOutput(Browser.SHOTS.resolve(name + "-gateway-threads.txt").toFile())
                                .start().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (IOException e) {
                        System.out.println("could not dump the gateway's threads: " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    @BeforeAll
    static void startBrowser() {
        browser = new Browser("http://127.0.0.1:" + RunningMesh.PORTS.get("gateway"));
        browser.size(Browser.DESK);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
