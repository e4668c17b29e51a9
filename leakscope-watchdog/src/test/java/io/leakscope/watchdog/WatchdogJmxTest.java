package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.OpenType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog as a platform MXBean, read back through the platform MBean server. */
class WatchdogJmxTest {

  @TempDir Path dir;
  private Watchdog watchdog;
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @BeforeEach
  void start() throws Exception {
    watchdog = Watchdog.start(WatchdogConfig.defaults(dir));
  }

  @AfterEach
  void stop() {
    watchdog.close();
  }

  @Test
  void attributesAreOpenTypedAndMatchTheWatchdog() throws Exception {
    ObjectName name = new ObjectName(WatchdogJmx.OBJECT_NAME);
    try (WatchdogJmx jmx = WatchdogJmx.register(watchdog).orElseThrow()) {
      MBeanInfo info = server.getMBeanInfo(name);
      assertThat(info.getDescriptor().getFieldValue("mxbean")).isEqualTo("true");
      for (MBeanAttributeInfo a : info.getAttributes()) {
        assertThat(a.getDescriptor().getFieldValue("openType"))
            .as(a.getName())
            .isInstanceOf(OpenType.class);
        assertThat(a.isWritable()).as(a.getName()).isFalse();
      }
      assertThat(server.getAttribute(name, "State")).isEqualTo("insufficient-data");
      assertThat(server.getAttribute(name, "EvidenceDirectory")).isEqualTo(dir.toString());
      List<MetricSeries> series = MetricSeries.of(watchdog.latestSignals());
      assertThat((String[]) server.getAttribute(name, "SeriesNames"))
          .containsExactly(series.stream().map(MetricSeries::key).toArray(String[]::new));
      double[] values = (double[]) server.getAttribute(name, "SeriesValues");
      assertThat(values).hasSize(series.size());
      assertThat(values[0]).as("leakscope_state").isEqualTo(0);
      assertThat(Double.isNaN(values[1])).as("leakscope_leak_suspected").isTrue();
      assertThat(Arrays.stream(series.toArray(MetricSeries[]::new)).map(MetricSeries::key))
          .startsWith("leakscope_state", "leakscope_leak_suspected");
    }
    assertThat(server.isRegistered(name)).isFalse();
  }

  @Test
  void aSecondRegistrationLeavesTheFirstInPlace() throws Exception {
    try (WatchdogJmx first = WatchdogJmx.register(watchdog).orElseThrow()) {
      assertThat(WatchdogJmx.register(watchdog)).isEmpty();
      assertThat(server.isRegistered(new ObjectName(WatchdogJmx.OBJECT_NAME))).isTrue();
    }
  }
}
