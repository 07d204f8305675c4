package cn.mutualaid.e2e.console;

import cn.mutualaid.e2e.RunningMesh;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** A browser test class: one Chromium for all its tests, at the desk size, against the running mesh's gateway. */
@ExtendWith(RunningMesh.class)
abstract class ConsoleTest {
    static Browser browser;

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
