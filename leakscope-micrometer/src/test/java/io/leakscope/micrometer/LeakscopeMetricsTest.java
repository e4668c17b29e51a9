package io.leakscope.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.testing.PrometheusExposition;
import io.leakscope.watchdog.MetricFamily;
import io.leakscope.watchdog.MetricSeries;
import io.leakscope.watchdog.MetricsServer;
import io.leakscope.watchdog.Watchdog;
import io.leakscope.watchdog.WatchdogJmx;
import io.leakscope.watchdog.WatchdogMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binder on a real watchdog of this JVM, and on the agent's MBean (registered here in-process;
 * {@code LeakscopeAgentIT} does it with the real agent jar in a child JVM).
 */
class LeakscopeMetricsTest {

  @TempDir Path dir;
  private Watchdog watchdog;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

  @BeforeEach
  void start() throws Exception {
    watchdog = RunningWatchdog.start(dir);
    new LeakscopeMetrics(watchdog, Tags.of("app", "test")).bindTo(registry);
  }

  @AfterEach
  void stop() {
    watchdog.close();
  }

  private static double gauge(SimpleMeterRegistry from, String name, String... tags) {
    return from.get(name).tags(tags).gauge().value();
  }

  @Test
  void everyMeterIsOneOfTheWatchdogsFamiliesWithItsUnitHelpAndTheGivenTags() {
    Set<String> families =
        MetricSeries.of(watchdog.latestSignals()).stream()
            .map(s -> s.family().meterName())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(registry.getMeters().stream().map(m -> m.getId().getName()))
        .containsExactlyInAnyOrderElementsOf(
            MetricSeries.of(watchdog.latestSignals()).stream()
                .map(s -> s.family().meterName())
                .toList());
    assertThat(families).contains("leakscope.state", "leakscope.live.set.readings");
    for (Meter meter : registry.getMeters()) {
      MetricFamily family =
          Arrays.stream(MetricFamily.values())
              .filter(f -> f.meterName().equals(meter.getId().getName()))
              .findFirst()
              .orElseThrow();
      assertThat(meter).isInstanceOf(Gauge.class);
      assertThat(meter.getId().getBaseUnit()).isEqualTo(family.baseUnit());
      assertThat(meter.getId().getDescription()).isEqualTo(family.help());
      assertThat(meter.getId().getTag("app")).as(meter.getId().toString()).isEqualTo("test");
    }
    assertThat(registry.get("leakscope.resource.growing").gauges())
        .extracting(g -> g.getId().getTag("signal"))
        .containsExactlyInAnyOrder(
            "threads",
            "classesLoaded",
            "classLoaders",
            "directBufferBytes",
            "mappedBufferBytes",
            "openFds");
  }

  @Test
  void anIdleJvmWithoutOldCollectionsHasNoVerdictAndSaysSoWithNaNNotZero() {
    // No full collection in this test JVM: no live-set reading, so no verdict.
    assertThat(watchdog.latestVerdict().samples()).isZero();
    assertThat(gauge(registry, "leakscope.state")).isZero();
    assertThat(gauge(registry, "leakscope.live.set.readings")).isZero();
    assertThat(gauge(registry, "leakscope.leak.suspected")).isNaN();
    assertThat(gauge(registry, "leakscope.live.set.growth")).isNaN();
    assertThat(gauge(registry, "leakscope.heap.time.to.full")).isNaN();
    assertThat(gauge(registry, "leakscope.class.loaders")).isPositive();
  }

  @Test
  void prometheusNamesAreTheFamiliesAndNotMicrometersJvmMeters() {
    Set<String> expected =
        MetricSeries.of(watchdog.latestSignals()).stream()
            .map(s -> s.family().prometheusName())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(PrometheusNames.exported(new LeakscopeMetrics(watchdog)))
        .isEqualTo(expected)
        .noneMatch(n -> n.contains("threads_live") || n.contains("fds") || n.contains("buffer"));
  }

  /**
   * The agent's endpoint and a Micrometer registry bound to the same watchdog, both read by the
   * strict parser: the same sample names with the same types, in both formats.
   */
  @Test
  void theAgentsEndpointAndTheBinderHaveTheSameNamesAndTypes() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MetricsServer server =
        MetricsServer.start(watchdog, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      new LeakscopeMetrics(watchdog).bindTo(prometheus);
      URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
      for (boolean openMetrics : new boolean[] {false, true}) {
        String accept = openMetrics ? "application/openmetrics-text" : "text/plain";
        Map<String, PrometheusExposition.Family> agent =
            PrometheusExposition.parse(get(uri, accept), openMetrics);
        Map<String, PrometheusExposition.Family> micrometer =
            PrometheusExposition.parse(prometheus.scrape(accept), openMetrics);
        assertThat(PrometheusExposition.sampleTypes(micrometer))
            .as(accept)
            .isEqualTo(PrometheusExposition.sampleTypes(agent))
            .containsKey("leakscope_state");
        // The same help too (Micrometer 1.13 writes no # UNIT lines; the agent does).
        agent.forEach(
            (name, family) ->
                assertThat(micrometer.get(name).help()).as(name).isEqualTo(family.help()));
      }
    } finally {
      prometheus.close();
    }
  }

  private static String get(URI uri, String accept) throws Exception {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setRequestProperty("Accept", accept);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  @Test
  void fromAgentIsEmptyWithoutTheAgentsMBean() throws Exception {
    assertThat(mbeans.isRegistered(new ObjectName(WatchdogJmx.OBJECT_NAME))).isFalse();
    assertThat(LeakscopeMetrics.fromAgent()).isEmpty();
  }

  @Test
  void fromAgentReadsTheMBeanWithTheSameMetersAsTheWatchdogItself() throws Exception {
    try (WatchdogJmx jmx = WatchdogJmx.register(watchdog).orElseThrow()) {
      SimpleMeterRegistry fromAgent = new SimpleMeterRegistry();
      LeakscopeMetrics.fromAgent(Tags.of("app", "test")).orElseThrow().bindTo(fromAgent);
      assertThat(fromAgent.getMeters().stream().map(m -> m.getId()).toList())
          .containsExactlyInAnyOrderElementsOf(
              registry.getMeters().stream().map(m -> m.getId()).toList());
      assertThat(gauge(fromAgent, "leakscope.state")).isZero();
      assertThat(gauge(fromAgent, "leakscope.leak.suspected")).isNaN();
      assertThat(gauge(fromAgent, "leakscope.class.loaders")).isPositive();
    }
  }

  /**
   * An agent of another version: series this binder does not know are left out, those it knows are
   * bound to the agent's index for them, those the agent lacks get no meter.
   */
  @Test
  void fromAgentMatchesSeriesByNameAcrossVersions() throws Exception {
    ObjectName name = new ObjectName(WatchdogJmx.OBJECT_NAME);
    String[] names = {
      "leakscope_future_thing",
      "leakscope_live_set_bytes",
      "leakscope_state",
      "leakscope_resource_growing{signal=\"openFds\"}"
    };
    double[] values = {99, 123456, 2, 1};
    mbeans.registerMBean(new FixedMXBean(names, values), name);
    try {
      SimpleMeterRegistry fromAgent = new SimpleMeterRegistry();
      LeakscopeMetrics.fromAgent().orElseThrow().bindTo(fromAgent);
      assertThat(fromAgent.getMeters()).hasSize(3);
      assertThat(gauge(fromAgent, "leakscope.state")).isEqualTo(2);
      assertThat(gauge(fromAgent, "leakscope.live.set")).isEqualTo(123456);
      assertThat(gauge(fromAgent, "leakscope.resource.growing", "signal", "openFds")).isEqualTo(1);
      mbeans.unregisterMBean(name);
      Thread.sleep(LeakscopeMetrics.AGENT_READ_NANOS / 1_000_000 + 50);
      assertThat(gauge(fromAgent, "leakscope.state")).as("after the MBean is gone").isNaN();
    } finally {
      if (mbeans.isRegistered(name)) {
        mbeans.unregisterMBean(name);
      }
    }
  }

  /** A stand-in for another version's MBean. */
  public static final class FixedMXBean implements WatchdogMXBean {
    private final String[] names;
    private final double[] values;

    FixedMXBean(String[] names, double[] values) {
      this.names = names;
      this.values = values;
    }

    @Override
    public String getState() {
      return "leaking";
    }

    @Override
    public int getReadings() {
      return 0;
    }

    @Override
    public long getLiveSetBytes() {
      return 0;
    }

    @Override
    public double getGrowthBytesPerSecond() {
      return 0;
    }

    @Override
    public String getEvidenceDirectory() {
      return "";
    }

    @Override
    public String[] getSeriesNames() {
      return names.clone();
    }

    @Override
    public double[] getSeriesValues() {
      return values.clone();
    }
  }

  @Test
  void aNullWatchdogIsRefused() {
    assertThatThrownBy(() -> new LeakscopeMetrics(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("watchdog");
  }
}
