package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running watchdog turns the whole process's memory findings into events, and writes evidence
 * while the JVM lives when the container nears its limit. The footprints are scripted (every step
 * of an episode, in seconds; a real cgroup limit is in NativeGrowthAgentIT and
 * MemoryFootprintChildJvmTest, where one can be made); the evidence is this JVM's real histogram
 * and thread dump.
 */
class WatchdogMemoryTest {
  private static final long MIB = 1024 * 1024;
  private static final long INTERVAL = 30_000;

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-05T12:00:00Z"));
  private Watchdog watchdog;

  @AfterEach
  void close() {
    if (watchdog != null) {
      watchdog.close();
    }
  }

  @Test
  void doesNotFitAndNearLimitAreEventsAndNearLimitWritesEvidence() throws IOException {
    long start = clock.millis();
    // a 1 GiB container: heap maximum 900 MiB with 200 MiB outside the heap cannot fit; the
    // working set passes 90% of the limit at the third sample
    long[] workingSetMib = {500, 600, 950, 960};
    List<MemoryFootprint> script = new ArrayList<>();
    for (int i = 0; i < workingSetMib.length; i++) {
      script.add(
          MemoryMonitorTest.footprint(
              start + i * INTERVAL, 900 * MIB, 200 * MIB, 0, workingSetMib[i] * MIB, null));
    }
    // no room for a heap dump: the budget skips it and says so
    EvidenceBudget budget = new EvidenceBudget(1, 1L << 40, Long.MAX_VALUE / 2, Duration.ZERO);
    WatchdogConfig config =
        new WatchdogConfig(dir, TrendSettings.defaults(), budget, Duration.ofSeconds(1), clock);
    EventLog events = new EventLog(dir, clock);
    watchdog =
        new Watchdog(
            config,
            new LiveSetMonitor(200, 1000, false),
            new EvidenceCapture(dir, budget, clock),
            events);
    watchdog.watchMemory(
        new MemoryMonitor(now -> script.get((int) ((now - start) / INTERVAL)), 32, INTERVAL, 0.9));
    assertThat(watchdog.latestMemory()).isNull();
    for (int i = 0; i < workingSetMib.length; i++) {
      watchdog.check();
      clock.advance(Duration.ofMillis(INTERVAL));
    }
    // the latest footprint and its verdicts are published for the metrics and the endpoint
    MemoryStatus latest = watchdog.latestMemory();
    assertThat(latest.footprint()).isSameAs(script.get(workingSetMib.length - 1));
    assertThat(latest.fit().state()).isEqualTo(MemoryFit.State.DOES_NOT_FIT);
    assertThat(latest.fit().headroomBytes()).isEqualTo(1024 * MIB - 900 * MIB - 200 * MIB);
    assertThat(latest.growth().state()).isEqualTo(NativeGrowth.State.INSUFFICIENT_DATA);

    List<Map<String, Object>> all =
        Files.readAllLines(dir.resolve("events.jsonl")).stream()
            .map(StrictJson::parseObject)
            .toList();
    List<Object> types = all.stream().map(e -> e.get("type")).toList();
    // once per episode each, in the order the samples showed them
    assertThat(types).containsOnlyOnce("MEMORY_DOES_NOT_FIT", "MEMORY_NEAR_LIMIT");
    assertThat(types.indexOf("MEMORY_DOES_NOT_FIT")).isLessThan(types.indexOf("MEMORY_NEAR_LIMIT"));
    Map<String, Object> near =
        all.stream().filter(e -> "MEMORY_NEAR_LIMIT".equals(e.get("type"))).findFirst().get();
    @SuppressWarnings("unchecked")
    List<Object> evidence = (List<Object>) near.get("evidence");
    assertThat(evidence).hasSize(2);
    for (Object file : evidence) {
      assertThat(dir.resolve((String) file)).isNotEmptyFile();
    }
    assertThat(evidence.get(0).toString()).startsWith("histogram-");
    assertThat(evidence.get(1).toString()).startsWith("threads-");
    assertThat(all)
        .anySatisfy(
            e -> {
              assertThat(e.get("type")).isEqualTo("CAPTURE_SKIPPED");
              assertThat(e.get("what")).isEqualTo("heap dump");
            });
  }
}
