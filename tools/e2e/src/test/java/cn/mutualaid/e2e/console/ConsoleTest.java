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
        }
    };

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
