package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver, driven with Selenium):
 * log in, create a queue, publish and get a message, watch the rate charts move under load, and
 * keep screenshots of the overview and queue pages in {@code target/screenshots/}. Skipped, saying
 * so, where Chromium or its driver is not installed.
 */
class ConsoleBrowserTest {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    static ManagementBroker node;
    static WebDriver browser;
    static WebDriverWait wait;
    static Path screenshots = Path.of("target", "screenshots");

    @BeforeAll
    static void start() throws Exception {
        Optional<String> chromium = CHROMIUM.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
        Optional<String> driver = DRIVER.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
        assumeTrue(chromium.isPresent() && driver.isPresent(), "skipped: the browser tests need Debian's chromium and "
                + "chromium-driver (apt-get install chromium chromium-driver); .ci/run installs them");
        node = ManagementBroker.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1100",
                "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(driver.get()).toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(screenshots);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (node != null) node.close();
    }

    @Test
    void logInCreateAQueuePublishAndGetAMessageAndWatchTheRatesMove() throws Exception {
        browser.get(node.baseUrl() + "/");
        browser.manage().deleteAllCookies();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear(); location.reload();");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        browser.findElement(By.id("username")).sendKeys("guest");
        browser.findElement(By.id("password")).sendKeys("wrong");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Login failed"));
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys("guest");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "guest"));

        browser.get(node.baseUrl() + "/#/queues");
        WebElement addQueue = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("add-queue")));
        wait.until(d -> !new Select(addQueue.findElement(By.name("vhost"))).getOptions().isEmpty());
        addQueue.findElement(By.name("name")).sendKeys("browser-q");
        new Select(addQueue.findElement(By.name("durable"))).selectByValue("false");
        addQueue.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(addQueue, "Queue added."));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("browser-q")));
        assertEquals(false, node.http().get("/api/queues/%2F/browser-q").object().get("durable"));

        browser.findElement(By.linkText("browser-q")).click();
        WebElement publish = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("publish-message")));
        publish.findElement(By.name("payload")).sendKeys("hello from the browser");
        publish.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(publish, "Message published."));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#queue-ready .value"), "1"));

        WebElement get = browser.findElement(By.id("get-messages"));
        new Select(get.findElement(By.name("ackmode"))).selectByValue("ack_requeue_true");
        get.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#got-messages .payload"), "hello from the browser"));
        assertEquals(1, node.http().get("/api/queues/%2F/browser-q").object().get("messages"), "requeued");

        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> publishAndConsume(running), "browser-test-load");
        load.start();
        try {
            // the queue page's chart gets one point per refresh (5 s); the sampler rates every second
            wait.withTimeout(Duration.ofSeconds(40)).until(d -> chartMax(d, "queue-rates-chart") > 0);
            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue-rates-chart")));
            wait.withTimeout(Duration.ofSeconds(40)).until(d -> chartPoints(d, "queue-rates-chart") >= 2
                    && chartMax(d, "queue-rates-chart") > 0);
            save("queue.png");

            browser.get(node.baseUrl() + "/#/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rates-chart")));
            wait.withTimeout(Duration.ofSeconds(40)).until(d -> chartMax(d, "rates-chart") > 0);
            double before = chartMax(browser, "rates-chart");
            assertTrue(before > 0, "the overview's message rate chart shows the traffic");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#total-queues .value"), "1"));
            save("overview.png");
        } finally {
            running.set(false);
            load.join();
        }
    }

    @Test
    void theAdminPageListsUsersAndAddsAVhost() throws IOException {
        browser.get(node.baseUrl() + "/#/admin");
        logInIfAsked();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("add-vhost")));
        form.findElement(By.name("name")).sendKeys("from-browser");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("vhosts-table"), "from-browser"));
        assertTrue(browser.findElement(By.id("users-table")).getText().contains("administrator"));
        assertEquals(200, node.http().get("/api/vhosts/from-browser").status());
        save("admin.png");
    }

    /** Logs in as guest when the console shows its login form (each test may run first). */
    private static void logInIfAsked() {
        wait.until(d -> d.findElement(By.id("login")).isDisplayed() || d.findElement(By.id("nav")).isDisplayed());
        if (!browser.findElement(By.id("login")).isDisplayed()) return;
        browser.findElement(By.id("username")).sendKeys("guest");
        browser.findElement(By.id("password")).sendKeys("guest");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    }

    private static double chartMax(WebDriver driver, String id) {
        String max = driver.findElement(By.id(id)).getAttribute("data-max");
        return max == null ? 0 : Double.parseDouble(max);
    }

    private static int chartPoints(WebDriver driver, String id) {
        String points = driver.findElement(By.id(id)).getAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    private static void save(String name) throws IOException {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Files.write(screenshots.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** About 200 messages a second into browser-q, consumed and acknowledged on another connection. */
    private static void publishAndConsume(AtomicBoolean running) {
        try (Connection publisher = node.amqp().newConnection("load-publisher"); Connection consumer = node.amqp().newConnection("load-consumer")) {
            Channel in = consumer.createChannel();
            in.basicQos(50);
            in.basicConsume("browser-q", false, new DefaultConsumer(in) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body) throws IOException {
                    if (!new String(body).equals("hello from the browser")) in.basicAck(envelope.getDeliveryTag(), false);
                }
            });
            Channel out = publisher.createChannel();
            while (running.get()) {
                for (int i = 0; i < 20; i++) out.basicPublish("", "browser-q", null, ("load " + i).getBytes());
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map.of();
    }
}
