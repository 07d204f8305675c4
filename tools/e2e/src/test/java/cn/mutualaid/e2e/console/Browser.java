package cn.mutualaid.e2e.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven through its own ChromeDriver (never a downloaded browser or driver: Selenium Manager is
 * not used when both paths are given), headless. Counts what a person does (each click, each field typed, each
 * choice) so a test can hold a flow to a number of actions, and saves a screenshot of every page it is asked to.
 */
final class Browser implements AutoCloseable {
    static final Dimension PHONE = new Dimension(412, 915);
    static final Dimension DESK = new Dimension(1280, 1000);
    static final Path SHOTS = Path.of(System.getProperty("basedir", "."), "target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * How long the driver waits for the renderer to answer a command (a navigation, a script). Beside the other test
     * JVM's mesh on two cores the renderer was seen silent for 20 s ("Timed out receiving message from renderer") at
     * different steps of ConsoleWorkedExampleIT; a page that never loads still fails, a minute later.
     */
    private static final Duration RENDERER = Duration.ofSeconds(60);

    private final String base;
    private final ChromeDriver driver;
    private final AtomicInteger actions = new AtomicInteger();
    /** One numbering for the whole run, so the files sort in the order the pages were seen. */
    private static final AtomicInteger SHOTS_TAKEN = new AtomicInteger();
    private final long born = System.nanoTime();

    Browser(String base) {
        this.base = base;
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        "--disable-extensions", "--lang=zh-CN", "--window-size=1280,1000",
                        // A headless page is never in the foreground: its timers and renderer must not be throttled.
                        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                        "--disable-backgrounding-occluded-windows");
        // The browser's network events, read only when a sign-in fails: was the request sent, was it answered?
        options.setCapability("goog:loggingPrefs", java.util.Map.of("performance", "ALL"));
        String netLog = System.getProperty("mesh.e2e.netlog");
        if (netLog != null) {
            // Chromium's own record of every socket and request (written out when the browser quits).
            options.addArguments("--log-net-log=" + Path.of(netLog).toAbsolutePath(), "--net-log-capture-mode=Everything");
        }
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(RENDERER).pageLoadTimeout(RENDERER);
    }

    ChromeDriver driver() {
        return driver;
    }

    int actions() {
        return actions.get();
    }

    void resetActions() {
        actions.set(0);
    }

    void size(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /** A new person at the same computer: nothing of the previous one's sign-in is left. */
    void open() {
        driver.get(base + "/console/");
        driver.executeScript("sessionStorage.clear(); localStorage.clear();");
        driver.navigate().refresh();
        waitFor(By.cssSelector("form[data-form='signin']"));
    }

    /** The local profile's role picker: role, subject (and area for an agency), sign in. */
    void signIn(String role, String subject, String area) {
        open();
        if (!"INSURED".equals(role)) {
            choose("signin-role", role);
        }
        if (area != null) {
            type("signin-area", area);
        }
        if (subject != null) {
            type("signin-sub", subject);
        }
        submit("signin");
        try {
            waitFor(By.cssSelector("nav.menu"));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("signin-failed");
            throw new IllegalStateException("no menu after signing in as " + role + " " + subject + " at "
                    + driver.getCurrentUrl() + "; the page says: " + driver.findElement(By.tagName("main")).getText()
                    + "; fields: " + driver.executeScript("return [...document.querySelectorAll('input, select')]"
                            + ".map(f => f.id + '=' + f.value + (f.validity.valid ? '' : ' (invalid)')).join(', ')")
                    + "; its last answered requests: " + driver.executeScript("return performance.getEntriesByType('resource')"
                            + ".slice(-6).map(r => r.name.replace(location.origin, '') + ' ' + Math.round(r.duration) + 'ms').join(', ')")
                    + "; the browser's network events of the sign-in: " + networkEvents("dev/tokens"), e);
        }
    }

    /** The browser's network events naming {@code part} (method and time), from its performance log. */
    private String networkEvents(String part) {
        try {
            return driver.manage().logs().get("performance").getAll().stream()
                    .map(org.openqa.selenium.logging.LogEntry::getMessage)
                    .filter(m -> m.contains(part) || m.contains("loadingFailed"))
                    .map(m -> m.replaceAll(".*\"method\":\"(Network\\.[a-zA-Z]+)\".*", "$1"))
                    .toList().toString();
        } catch (RuntimeException e) {
            return "(no performance log: " + e.getMessage() + ")";
        }
    }

    /** Prints how long the test has run at each step, so a slow step shows in the log. */
    void step(String what) {
        System.out.printf("[console %5.1fs] %s%n", (System.nanoTime() - born) / 1e9, what);
    }

    void page(String path) {
        click(By.cssSelector("nav.menu a[href='#" + path + "']"));
        waitFor(By.cssSelector("nav.menu a[aria-current='page'][href='#" + path + "']"));
    }

    /**
     * Replaces a field's text as a person does (select all, type over it), so the page sees every keystroke; a
     * programmatic clear is not seen by Vue, which may then put the old value back before the new one is typed.
     */
    void type(String id, String text) {
        WebElement field = waitFor(By.id(id));
        for (int attempt = 0; attempt < 3; attempt++) {
            field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            field.sendKeys(text);
            if (text.equals(field.getDomProperty("value"))) {
                break;
            }
        }
        assertValue(id, field, text);
        actions.incrementAndGet();
    }

    private static void assertValue(String id, WebElement field, String expected) {
        if (!expected.equals(field.getDomProperty("value"))) {
            throw new IllegalStateException("#" + id + " shows '" + field.getDomProperty("value") + "', not '" + expected + "'");
        }
    }

    void choose(String id, String value) {
        new Select(waitFor(By.id(id))).selectByValue(value);
        actions.incrementAndGet();
    }

    void click(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
        actions.incrementAndGet();
    }

    /** Clicks the form's submit button, after clearing outcomes shown before, so the next one read is its own. */
    void submit(String form) {
        clearOutcomes();
        click(By.cssSelector("form[data-form='" + form + "'] button[type='submit']"));
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    String text(By by) {
        return waitFor(by).getText();
    }

    /** The outcome shown in the card around a form: a refusal (role=alert) or a success (role=status). */
    Outcome outcome(Duration timeout) {
        WebElement shown = new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[role='alert']:not([data-seen]), [role='status']:not([data-seen])")));
        return new Outcome(shown.getAttribute("data-code"), shown.getText());
    }

    /**
     * The outcome shown in the card that holds the form (the form's nearest ancestor of class card, or the form
     * itself), so that another part of the page that loads and refuses meanwhile is not taken for it.
     */
    Outcome outcomeOf(String form, Duration timeout) {
        WebElement shown = new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("(//form[@data-form='" + form + "']/ancestor-or-self::*[contains(@class, 'card')])[last()]"
                        + "//*[(@role='alert' or @role='status') and not(@data-seen)]")));
        return new Outcome(shown.getAttribute("data-code"), shown.getText());
    }

    record Outcome(String code, String words) {
        boolean done() {
            return code == null;
        }
    }

    /** Submits a form until it is not refused with one of the codes that mean "the mesh has not caught up yet". */
    Outcome submitUntilDone(String form, Duration timeout, String... catchingUp) {
        Outcome[] last = new Outcome[1];
        until(timeout, () -> {
            submit(form);
            last[0] = outcome(WAIT);
            return last[0].done() || !List.of(catchingUp).contains(last[0].code());
        }, () -> { });
        return last[0];
    }

    /**
     * Waits, polling every half second, until the page shows what {@code shown} checks, doing {@code again} (what a
     * person would: press 刷新, submit once more) between looks; an element replaced while it is read counts as not
     * yet. On timeout it fails with what the page says.
     */
    void until(Duration timeout, java.util.function.BooleanSupplier shown, Runnable again) {
        boolean[] first = {true};
        new WebDriverWait(driver, timeout, Duration.ofMillis(500))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(() -> "the page says: " + driver.findElement(By.tagName("main")).getText())
                .until(d -> {
                    if (!first[0]) {
                        again.run();
                    }
                    first[0] = false;
                    return shown.getAsBoolean();
                });
    }

    /** Marks the outcomes on the page as read (the page owns its DOM: removing them would confuse Vue). */
    void clearOutcomes() {
        driver.executeScript("document.querySelectorAll(\"[role='alert'],[role='status']\").forEach(e => e.dataset.seen = '1')");
    }

    void screenshot(String name) {
        // After the page's last changes are painted (two animation frames), not after a fixed pause.
        driver.executeAsyncScript("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
        Path file = SHOTS.resolve(String.format("%02d-%s.png", SHOTS_TAKEN.incrementAndGet(), name));
        try {
            Files.createDirectories(SHOTS);
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Visible form fields without a label (for=, wrapping label or aria-label), by id or name. */
    @SuppressWarnings("unchecked")
    List<String> unlabelledFields() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(f => f.offsetParent !== null && f.type !== 'hidden')
                  .filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label'))
                  .map(f => f.id || f.name || f.outerHTML.slice(0, 80));""");
    }

    /** Screenshot, every field labelled, and the keyboard reaches the form's submit button from the header. */
    void checkPage(String name, String form, int maxTabs) {
        screenshot(name);
        org.assertj.core.api.Assertions.assertThat(unlabelledFields()).as("unlabelled fields on " + name).isEmpty();
        org.assertj.core.api.Assertions.assertThat(tabsToSubmit(form, maxTabs))
                .as("Tab presses to the submit button on " + name).isPositive();
    }

    /**
     * Puts the focus on the page's first control (in the header) and presses Tab until the form's submit button has
     * the focus: the number of presses, or -1 when the keyboard never gets there.
     */
    int tabsToSubmit(String form, int limit) {
        // A button disabled while the page's first call is still answered takes no focus: wait for it as a person does.
        WebElement submit = new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("form[data-form='" + form + "'] button[type='submit']")));
        driver.executeScript("document.querySelector('header button').focus();");
        for (int presses = 1; presses <= limit; presses++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
            if (submit.equals(driver.switchTo().activeElement())) {
                return presses;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
