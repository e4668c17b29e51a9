package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource signals through the watchdog's checks: a fake clock, a scripted probe, one check a s.
 */
class WatchdogSignalsTest {

  private static final TrendSettings TREND =
      new TrendSettings(Duration.ofSeconds(60), Duration.ofSeconds(10), 0.01, 1024, 0.02, 6);

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T12:00:00Z"));
  private final ScriptedProbe probe = new ScriptedProbe();
  private Watchdog watchdog;
  private int second;

  @BeforeEach
  void createWatchdog() throws IOException {
    EvidenceBudget budget = new EvidenceBudget(2, 1L << 40, 0, Duration.ZERO);
    WatchdogConfig config = new WatchdogConfig(dir, TREND, budget, Duration.ofSeconds(1), clock);
    watchdog =
        new Watchdog(
            config,
            new LiveSetMonitor(200, 1000, false),
            new EvidenceCapture(dir, budget, clock),
            new EventLog(dir, clock),
            new ResourceSignals(probe, 200, 1000));
    probe.set(Signal.THREADS, 40).set(Signal.OPEN_FDS, 100).set(Signal.CLASSES_LOADED, 5000);
  }

  @AfterEach
  void closeWatchdog() {
    watchdog.close();
  }

  /** Runs a check each second for {@code seconds}, setting the probe's values before each. */
  private void run(int seconds, IntConsumer values) {
    for (int end = second + seconds; second < end; second++) {
      values.accept(second);
      watchdog.check();
      clock.advance(Duration.ofSeconds(1));
    }
  }

  private List<Map<String, Object>> events() throws IOException {
    return Files.readAllLines(dir.resolve(EventLog.FILE_NAME)).stream()
        .map(StrictJson::parseObject)
        .toList();
  }

  private List<Map<String, Object>> eventsOf(String type) throws IOException {
    return events().stream().filter(e -> type.equals(e.get("type"))).toList();
  }

  @Test
  void climbingThreadsWriteOneThreadLeakEventWithAGroupedThreadDump() throws IOException {
    run(80, s -> probe.set(Signal.THREADS, 40 + s / 2));

    assertThat(watchdog.latestSignals().growing(Signal.THREADS)).isTrue();
    List<Map<String, Object>> suspected = eventsOf("THREAD_LEAK_SUSPECTED");
    assertThat(suspected).hasSize(1);
    Map<String, Object> event = suspected.get(0);
    assertThat(event)
        .containsEntry("signal", "threads")
        .containsKeys("value", "growthPerSecond", "pValue", "samples");
    assertThat((Double) event.get("growthPerSecond")).isEqualTo(0.5);
    List<?> evidence = (List<?>) event.get("evidence");
    assertThat(evidence).hasSize(1);
    Path dump = dir.resolve((String) evidence.get(0));
    assertThat(dump.getFileName().toString()).startsWith("threads-").endsWith(".txt");
    // The dump is of this JVM's real threads: the test's own thread is in it.
    assertThat(Files.readString(dump))
        .contains(" threads in ")
        .contains("\"" + Thread.currentThread().getName() + "\"");
    assertThat(eventsOf("LEAK_SUSPECTED")).isEmpty();
    assertThat(eventsOf("RESOURCE_GROWTH")).isEmpty();
  }

  @Test
  void aSecondEpisodeAfterAFlatWindowWritesASecondEvent() throws IOException {
    run(60, s -> probe.set(Signal.THREADS, 40 + s / 2));
    run(90, s -> probe.set(Signal.THREADS, 70));
    assertThat(watchdog.latestSignals().growing(Signal.THREADS)).isFalse();
    assertThat(eventsOf("THREAD_LEAK_SUSPECTED")).hasSize(1);
    run(60, s -> probe.set(Signal.THREADS, 70 + (s - 150)));

    assertThat(eventsOf("THREAD_LEAK_SUSPECTED")).hasSize(2);
  }

  @Test
  void climbingDescriptorsWriteResourceGrowthNamingTheSignal() throws IOException {
    run(80, s -> probe.set(Signal.OPEN_FDS, 100 + s));

    List<Map<String, Object>> growth = eventsOf("RESOURCE_GROWTH");
    assertThat(growth).hasSize(1);
    assertThat(growth.get(0))
        .containsEntry("signal", "openFds")
        .containsEntry("growthPerSecond", 1.0)
        .doesNotContainKey("evidence");
    assertThat(eventsOf("THREAD_LEAK_SUSPECTED")).isEmpty();
  }

  @Test
  void steadySignalsWriteNothing() throws IOException {
    run(120, s -> {});

    assertThat(watchdog.latestSignals().value(Signal.CLASSES_LOADED)).isEqualTo(5000);
    assertThat(events()).isEmpty();
    assertThat(Files.list(dir)).containsExactly(dir.resolve(EventLog.FILE_NAME));
  }
}
