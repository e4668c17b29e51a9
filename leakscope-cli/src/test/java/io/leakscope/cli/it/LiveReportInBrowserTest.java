package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.watchdog.DiagnosticsServer;
import io.leakscope.watchdog.Durations;
import io.leakscope.watchdog.EvidenceBudget;
import io.leakscope.watchdog.TrendSettings;
import io.leakscope.watchdog.TrendVerdict;
import io.leakscope.watchdog.Watchdog;
import io.leakscope.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The diagnostics endpoint's live report ({@code /debug/leakscope/report}), served by the real JDK
 * HTTP server for a watchdog of this JVM, opened in headless Chromium (see {@link BrowserTools})
 * twice: first while the watchdog is still collecting readings, then after this JVM has leaked
 * steadily until the watchdog says leaking. A person must read "collecting data", never healthy, at
 * first; then "leaking" with sizes in KB and MB, round axis labels, durations as the options write
 * them, {@code byte[]} rather than {@code [B}; the page loads nothing else, raises no error under
 * its Content-Security-Policy, and its styles apply. The pages' screenshots are kept in {@code
 * target/live-report-in-browser/}. Takes about 10 s.
 */
// alone (junit-platform.properties): its watchdog judges this JVM's own heap, which tests beside
// it would fill
@Isolated
class LiveReportInBrowserTest {
  private static final Path KEPT_DIR = Path.of("target/live-report-in-browser").toAbsolutePath();
  private static final String SIZE = "\\d+(\\.\\d)? (B|KB|MB|GB)";

  @Test
  void theLiveReportSaysCollectingThenLeakingInHumanUnits(@TempDir Path dir) throws Exception {
    Path node = BrowserTools.requireNode();
    TrendSettings d = TrendSettings.defaults();
    WatchdogConfig config =
        new WatchdogConfig(
            dir.resolve("evidence"),
            new TrendSettings(
                Duration.ofSeconds(4),
                Duration.ZERO,
                d.maxPValue(),
                d.minGrowthBytesPerSecond(),
                d.minRelativeGrowth(),
                d.minSamples()),
            // one byte of disk allowed: the watchdog never dumps this JVM's heap
            new EvidenceBudget(1, 1, 0, Duration.ofMinutes(10)),
            Duration.ofMillis(200),
            Clock.systemUTC());
    List<byte[]> leaked = new ArrayList<>();
    try (Watchdog watchdog = Watchdog.start(config);
        DiagnosticsServer server =
            DiagnosticsServer.start(
                watchdog, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
      URI report =
          URI.create(
              "http://127.0.0.1:"
                  + server.address().getPort()
                  + DiagnosticsServer.PREFIX
                  + "report");

      JsonNode collecting =
          BrowserTools.run(node, "check-live-report.js", report, dir.resolve("collecting.png"));
      assertServedCleanly(collecting);
      assertThat(collecting.path("state").asText()).isEqualTo("insufficient-data");
      assertThat(collecting.path("headline").asText())
          .startsWith("Collecting data ")
          .contains(" of " + d.minSamples() + " readings")
          .doesNotContain("Healthy");
      assertThat(collecting.path("title").asText()).isEqualTo("leakscope · collecting data");
      assertThat(collecting.path("facts").path("state").asText()).isEqualTo("insufficient-data");

      // Leak about 5 MB/s, with a full collection (a reading) every 100 ms, until the verdict.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (watchdog.latestVerdict().state() != TrendVerdict.State.LEAKING
          && System.nanoTime() < deadline) {
        leaked.add(new byte[256 << 10]);
        if (leaked.size() % 2 == 0) {
          System.gc();
        }
        Thread.sleep(50);
      }
      assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.LEAKING);

      JsonNode leaking =
          BrowserTools.run(node, "check-live-report.js", report, dir.resolve("leaking.png"));
      assertServedCleanly(leaking);
      assertThat(leaking.path("state").asText()).isEqualTo("leaking");
      assertThat(leaking.path("headline").asText())
          .matches("Leaking The live set grows " + SIZE + "/s, steadily, over the last 4s\\.");
      assertThat(leaking.path("facts").path("growth").asText()).matches(SIZE + "/s");
      assertThat(leaking.path("facts").path("live set").asText()).matches(SIZE);

      List<String> y = texts(leaking.path("yLabels"));
      assertThat(y).hasSizeGreaterThan(1).first().isEqualTo("0 B");
      assertThat(y).allMatch(l -> l.matches("0 B|" + SIZE), "sizes in human units");
      List<String> x = texts(leaking.path("xLabels"));
      assertThat(x).isNotEmpty().first().isEqualTo("0s");
      assertThat(x).allMatch(l -> Durations.parse(l) != null, "durations as the options write");
      assertThat(leaking.path("chartPoints").asInt()).isPositive();
      assertThat(leaking.path("lineBox").path("width").asDouble()).isGreaterThan(100);

      List<String> classes = texts(leaking.path("classes"));
      assertThat(classes).contains("byte[]").noneMatch(c -> c.startsWith("[") || c.contains(";"));
      assertThat(texts(leaking.path("sizes"))).isNotEmpty().allMatch(s -> s.matches(SIZE));

      // The states look different, and neither badge is left unstyled.
      String unstyled = "rgba(0, 0, 0, 0)";
      String waitBackground = collecting.path("badge").path("background").asText();
      String leakBackground = leaking.path("badge").path("background").asText();
      assertThat(waitBackground).isNotEqualTo(unstyled).isNotEqualTo(leakBackground);
      assertThat(leakBackground).isNotEqualTo(unstyled);

      keepForInspection(dir.resolve("collecting.png"), dir.resolve("leaking.png"));
      BrowserTools.assertLooksLikeAPage(dir.resolve("leaking.png"));
    } finally {
      leaked.clear();
    }
  }

  /** 200, nothing else requested, no script, no error, and the stylesheet applied. */
  private static void assertServedCleanly(JsonNode seen) {
    assertThat(seen.path("status").asInt()).isEqualTo(200);
    assertThat(seen.path("csp").asText()).startsWith("default-src 'none'");
    assertThat(texts(seen.path("requests"))).as("requests besides the page").isEmpty();
    assertThat(texts(seen.path("consoleErrors"))).as("console errors (CSP too)").isEmpty();
    assertThat(texts(seen.path("pageErrors"))).isEmpty();
    assertThat(texts(seen.path("dialogs"))).isEmpty();
    assertThat(texts(seen.path("sections")))
        .containsExactly("verdict", "chart", "memory", "histogram");
    assertThat(seen.path("sectionBackground").asText())
        .as("cards stand out from the page: the CSS applied")
        .isNotEqualTo(seen.path("bodyBackground").asText());
  }

  private static void keepForInspection(Path... files) throws IOException {
    Path kept = Files.createDirectories(KEPT_DIR);
    for (Path file : files) {
      Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(item -> result.add(item.asText()));
    return result;
  }
}
