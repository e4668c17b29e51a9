package io.leakscope.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.watchdog.Watchdog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binder on a real watchdog of this JVM, read through a SimpleMeterRegistry and Prometheus. */
class LeakscopeMetricsTest {

  @TempDir Path dir;
  private Watchdog watchdog;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    watchdog = RunningWatchdog.start(dir);
    new LeakscopeMetrics(watchdog, Tags.of("app", "test")).bindTo(registry);
  }

  @AfterEach
  void stop() {
    watchdog.close();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void aHealthyJvmIsNotLeakingAndHasNoTimeToFull() {
    assertThat(gauge("leakscope.leak.suspected")).isZero();
    assertThat(gauge("leakscope.heap.time.to.full")).isNaN();
    assertThat(registry.get("leakscope.live.set").gauge().getId().getBaseUnit()).isEqualTo("bytes");
  }

  @Test
  void threadGaugesFollowTheJvm() throws Exception {
    long jvm = ManagementFactory.getThreadMXBean().getThreadCount();
    // The watchdog samples every 20 ms; the count moves by a thread or two meanwhile at most.
    assertThat(gauge("leakscope.threads.live")).isBetween(jvm - 5.0, jvm + 5.0);
    assertThat(gauge("leakscope.threads.peak"))
        .isGreaterThanOrEqualTo(gauge("leakscope.threads.live"));
    assertThat(gauge("leakscope.resource.growing", "signal", "threads")).isZero();
  }

  @Test
  void openDescriptorsMatchProcSelfFd() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd");
    long fds;
    try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
      fds = list.count();
    }
    assertThat(gauge("leakscope.fds.open")).isBetween(fds - 10.0, fds + 10.0);
    assertThat(gauge("leakscope.fds.max")).isGreaterThan(fds);
  }

  @Test
  void aDirectBufferShowsInTheDirectPoolAfterTheNextSample() throws Exception {
    double before = gauge("leakscope.buffer.total.capacity", "id", "direct");
    ByteBuffer buffer = ByteBuffer.allocateDirect(4 << 20);
    for (int i = 0;
        i < 1000 && gauge("leakscope.buffer.total.capacity", "id", "direct") < before + (4 << 20);
        i++) {
      Thread.sleep(10);
    }
    assertThat(gauge("leakscope.buffer.total.capacity", "id", "direct") - before)
        .isEqualTo(4 << 20);
    assertThat(buffer.capacity()).isEqualTo(4 << 20);
  }

  @Test
  void unloadedClassesAreACounterAndEveryMeterCarriesTheGivenTags() {
    FunctionCounter unloaded = registry.get("leakscope.classes.unloaded").functionCounter();
    assertThat(unloaded.count())
        .isEqualTo(ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount());
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getName()).startsWith("leakscope.");
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
  void prometheusShowsLeakscopeNamesWithUnits() {
    Set<String> names = PrometheusNames.exported(watchdog);
    System.out.println("exported to Prometheus: " + names);
    assertThat(names)
        .allMatch(n -> n.startsWith("leakscope_"))
        .contains(
            "leakscope_live_set_bytes",
            "leakscope_live_set_growth_bytes_per_second",
            "leakscope_leak_suspected",
            "leakscope_heap_time_to_full_seconds",
            "leakscope_threads_live_threads",
            "leakscope_classes_loaded_classes",
            "leakscope_classes_unloaded_classes_total",
            "leakscope_class_loaders",
            "leakscope_buffer_memory_used_bytes",
            "leakscope_fds_open_files",
            "leakscope_fds_max_files",
            "leakscope_resource_growing");
  }

  @Test
  void aNullWatchdogIsRefused() {
    assertThatThrownBy(() -> new LeakscopeMetrics(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("watchdog");
  }
}
