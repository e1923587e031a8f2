package io.streamad.detector.dashboard;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.streamad.detector.Application;
import io.streamad.detector.embedded.EmbeddedDefault;
import io.streamad.detector.embedded.EmbeddedKafka;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser: the embedded default (in-process broker, NAB replay, card simulation with
 * fraud, trainer, detector) runs in this JVM at a quick pace; headless Chromium, driven by Debian's
 * chromedriver, opens {@code /dashboard} and must show anomalies with their top features, a chart of a key's
 * scores against its threshold with the anomaly marked, a model version and a non-zero throughput.
 * The screenshot goes to {@code target/dashboard.png}. Skipped where Chromium or its driver is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "browserInstalled",
        disabledReason = "needs /usr/bin/chromium and /usr/bin/chromedriver (Debian: apt-get install chromium chromium-driver)")
class DashboardIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("dashboard.chromedriver", "/usr/bin/chromedriver"));
    private static final Path TARGET = Path.of("target");

    private EmbeddedKafka broker;
    private ApplicationContext context;
    private WebDriver browser;
    private String url;

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    void start() throws IOException {
        String[] args = {
                "--streamad.embedded.dir=" + TARGET.resolve("dashboard-it"),
                "--micronaut.server.port=-1",
                // a small, quick demo: fewer cards, more fraud, a first transaction model from fewer rows
                "--streamad.embedded.cards=300",
                "--streamad.embedded.sensor-rate=150",
                "--streamad.embedded.transaction-rate=150",
                "--streamad.embedded.fraud-per-day=30",
                "--streamad.embedded.report-interval=60s",
                "--streamad.trainer.retrain.bootstrap-rows-by-family.transaction=6000",
                "--streamad.trainer.retrain.max-epochs=25",
        };
        EmbeddedDefault embedded = EmbeddedDefault.unlessConfigured(args).orElseThrow(
                () -> new IllegalStateException("kafka.bootstrap.servers is set in this JVM; DashboardIT runs the embedded default"));
        Map<String, Object> properties = new HashMap<>();
        broker = embedded.startBroker(properties);
        context = Application.start(ApplicationContext.builder(Application.class).args(args).properties(properties)
                .environments(EmbeddedDefault.ENVIRONMENT));
        url = context.getBean(EmbeddedServer.class).getURL() + "/dashboard";
        browser = chromium(Files.createDirectories(TARGET.resolve("dashboard-it-chromium")));
    }

    /** Debian's chromium through its chromedriver, both named explicitly so Selenium Manager downloads nothing. */
    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1150", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void shouldShowAnomaliesScoresModelsAndThroughputLive() throws IOException {
        // when the dashboard is open while the demo runs
        browser.get(url);

        try {
            // then anomalies arrive, each with its top contributing features (the table is redrawn as events
            // arrive, so every check looks the elements up afresh)
            await("an anomaly row with its top features").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                    .ignoreException(StaleElementReferenceException.class).untilAsserted(() ->
                            assertThat(browser.findElements(By.cssSelector("#anomalies tr.anomaly-row td.top .feature"))).isNotEmpty());

            // and a click on an anomaly charts its key: scores against the threshold, the anomaly marked
            await("the chart of an anomalous key").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
                    .ignoreException(StaleElementReferenceException.class).untilAsserted(() -> {
                        if (browser.findElements(By.cssSelector("#chart circle.anomaly-marker")).isEmpty()) {
                            browser.findElement(By.cssSelector("#anomalies tr.anomaly-row")).click();
                        }
                        assertThat(browser.findElements(By.cssSelector("#chart path.score-line"))).isNotEmpty();
                        assertThat(browser.findElements(By.cssSelector("#chart path.threshold-line"))).isNotEmpty();
                        assertThat(browser.findElements(By.cssSelector("#chart circle.anomaly-marker"))).isNotEmpty();
                    });

            // and the models serving, their history, and this instance's throughput
            await("a model version and throughput").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .ignoreException(StaleElementReferenceException.class).untilAsserted(() -> {
                        List<String> versions = browser.findElements(By.cssSelector("[data-test=model-version]")).stream()
                                .map(WebElement::getText).toList();
                        assertThat(versions).anyMatch(v -> v.matches("(sensor|transaction)-\\S+"));
                        assertThat(browser.findElements(By.cssSelector("#models li.candidate.accepted"))).isNotEmpty();
                        assertThat(number(browser.findElement(By.id("stat-rate")).getText())).isPositive();
                    });

            // and the trainer's status, with its candidates, relayed for the page
            HttpResponse<String> trainer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url).resolve("/api/live/trainer")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trainer.statusCode()).isEqualTo(200);
            assertThat(trainer.body()).contains("\"candidates\"");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            // on failure too: what the page showed is the first thing to look at
            Files.write(TARGET.resolve("dashboard.png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        }
    }

    private static double number(String shown) {
        String digits = shown.replace(",", "");
        return digits.matches("[0-9.eE+-]+") ? Double.parseDouble(digits) : 0;
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (context != null) {
            context.getBeansOfType(KafkaStreams.class).forEach(s -> s.close(new KafkaStreams.CloseOptions().leaveGroup(true)
                    .timeout(Duration.ofSeconds(30))));
            context.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
