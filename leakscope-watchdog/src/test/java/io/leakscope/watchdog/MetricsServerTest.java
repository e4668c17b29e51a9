package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.testing.PrometheusExposition;
import io.leakscope.testing.Promtool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics listener on loopback, scraped with the JDK's HTTP client and read back by the strict
 * parser; and, when {@code promtool} (Debian package {@code prometheus}) is on the PATH, checked by
 * Prometheus's own parser and linter.
 */
class MetricsServerTest {

  private static final long MB = 1 << 20;
  private static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
          + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-05T12:00:00Z"));
  private final LiveSetMonitor monitor = new LiveSetMonitor(200, 1000, false);
  private final ScriptedProbe probe = new ScriptedProbe();
  private Watchdog watchdog;
  private MetricsServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws IOException {
    TrendSettings trend =
        new TrendSettings(Duration.ofSeconds(60), Duration.ZERO, 0.01, 1024, 0.02, 6);
    EvidenceBudget budget = new EvidenceBudget(1, 1L << 40, 0, Duration.ZERO);
    WatchdogConfig config = new WatchdogConfig(dir, trend, budget, Duration.ofSeconds(1), clock);
    probe.unavailable.put(Signal.CLASS_LOADERS, "not in this test");
    probe.set(Signal.THREADS, 40).set(Signal.OPEN_FDS, 100);
    watchdog =
        new Watchdog(
            config,
            monitor,
            new EvidenceCapture(dir, budget, clock),
            new EventLog(dir, clock),
            new ResourceSignals(probe, 200, 1000));
    server =
        MetricsServer.start(
            watchdog,
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
  }

  @AfterEach
  void stop() {
    server.close();
    watchdog.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double value(Map<String, PrometheusExposition.Family> families, String name) {
    return families.get(name).samples().get(0).value();
  }

  @Test
  void beforeAnyVerdictTheStateIsInsufficientDataAndLeakSuspectedIsUnknown() throws Exception {
    HttpResponse<String> r = get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Map<String, PrometheusExposition.Family> families = PrometheusExposition.parse(r.body(), false);
    assertThat(families.keySet()).allMatch(n -> n.startsWith("leakscope_"));
    assertThat(families.values()).allMatch(f -> f.type().equals("gauge") && f.help() != null);
    assertThat(value(families, "leakscope_state")).isZero();
    assertThat(value(families, "leakscope_live_set_readings")).isZero();
    assertThat(value(families, "leakscope_leak_suspected")).isNaN();
    assertThat(families).doesNotContainKey("leakscope_class_loaders");
    assertThat(families.get("leakscope_resource_growing").samples())
        .extracting(s -> s.labels().get("signal"))
        .containsExactly(
            "threads", "classesLoaded", "directBufferBytes", "mappedBufferBytes", "openFds");
  }

  @Test
  void aHealthyVerdictAndAGrowingSignalAreServed() throws Exception {
    for (int s = 0; s < 60; s++) {
      monitor.record(s * 1000L, 50 * MB + (s % 3) * MB);
      probe.set(Signal.OPEN_FDS, 100 + s);
      watchdog.check();
      clock.advance(Duration.ofSeconds(1));
    }
    Map<String, PrometheusExposition.Family> families =
        PrometheusExposition.parse(get("/metrics", null).body(), false);
    assertThat(value(families, "leakscope_state")).isEqualTo(1);
    assertThat(value(families, "leakscope_leak_suspected")).isZero();
    assertThat(value(families, "leakscope_live_set_readings"))
        .isEqualTo(watchdog.latestVerdict().samples())
        .isGreaterThanOrEqualTo(6);
    assertThat(value(families, "leakscope_live_set_bytes")).isEqualTo(50 * MB + 2 * MB);
    PrometheusExposition.Sample fds =
        families.get("leakscope_resource_growing").samples().stream()
            .filter(s -> s.labels().get("signal").equals("openFds"))
            .findFirst()
            .orElseThrow();
    assertThat(fds.value()).isEqualTo(1);
  }

  @Test
  void prometheusGetsOpenMetricsAndOtherClientsTheTextFormat() throws Exception {
    HttpResponse<String> r = get("/metrics", PROMETHEUS_ACCEPT);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.body()).endsWith("\n# EOF\n");
    Map<String, PrometheusExposition.Family> om = PrometheusExposition.parse(r.body(), true);
    assertThat(om.get("leakscope_live_set_bytes").unit()).isEqualTo("bytes");
    assertThat(om.get("leakscope_heap_time_to_full_seconds").unit()).isEqualTo("seconds");
    Map<String, PrometheusExposition.Family> text =
        PrometheusExposition.parse(get("/metrics", "text/plain").body(), false);
    assertThat(PrometheusExposition.sampleTypes(om))
        .isEqualTo(PrometheusExposition.sampleTypes(text));
  }

  @Test
  void onlyMetricsIsServedAndOnlyToGetAndHead() throws Exception {
    for (String path : new String[] {"/", "/metrics/", "/debug/leakscope/heapdump", "/x"}) {
      assertThat(get(path, null).statusCode()).as(path).isEqualTo(404);
    }
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> head =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals(MetricsServer.THREAD_NAME))
        .isNotEmpty()
        .allMatch(Thread::isDaemon);
  }

  @Test
  void promtoolAcceptsTheTextFormat() throws Exception {
    assumeTrue(
        Promtool.find().isPresent(), "promtool is not on the PATH (Debian package prometheus)");
    for (int s = 0; s < 60; s++) {
      // Healthy (a leak would make the watchdog dump this JVM's heap): every value is a number.
      monitor.record(s * 1000L, 50 * MB + (s % 5) * MB);
      watchdog.check();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(Promtool.assertAccepts(get("/metrics", null).body())).isTrue();
  }
}
