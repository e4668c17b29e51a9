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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escalation with a fake clock and a monitor fed by hand: no sleeping, no waiting for GCs. */
class WatchdogTest {

  private static final long MB = 1 << 20;
  private static final TrendSettings TREND =
      new TrendSettings(Duration.ofSeconds(60), Duration.ofSeconds(10), 0.01, 1024, 0.02, 6);

  /** The events of a leak episode with both its captures. */
  private static final List<Object> TWO_CAPTURES =
      List.of(
          "HISTOGRAM_CAPTURED",
          "HEAP_DUMP_CAPTURED",
          "LEAK_SUSPECTED",
          "HISTOGRAM_CAPTURED",
          "HEAP_DUMP_CAPTURED",
          "LEAK_SUSPECTED");

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T12:00:00Z"));
  private final LiveSetMonitor monitor = new LiveSetMonitor(200, 1000, false);
  private EventLog events;
  private Watchdog watchdog;

  private Watchdog watchdog(EvidenceBudget budget) throws IOException {
    events = new EventLog(dir, clock);
    WatchdogConfig config = new WatchdogConfig(dir, TREND, budget, Duration.ofSeconds(1), clock);
    watchdog = new Watchdog(config, monitor, new EvidenceCapture(dir, budget, clock), events);
    return watchdog;
  }

  @AfterEach
  void closeWatchdog() {
    if (watchdog != null) {
      watchdog.close();
    }
  }

  private void feed(int fromSecond, int toSecond, long bytesPerSecond) {
    for (int s = fromSecond; s < toSecond; s++) {
      monitor.record(s * 1000L, 50 * MB + s * bytesPerSecond);
    }
  }

  /** The events but {@code VERDICT_CHANGED}, which the state tests below check. */
  private List<Map<String, Object>> events() throws IOException {
    return allEvents().stream().filter(e -> !"VERDICT_CHANGED".equals(e.get("type"))).toList();
  }

  private List<Map<String, Object>> allEvents() throws IOException {
    return Files.readAllLines(dir.resolve("events.jsonl")).stream()
        .map(StrictJson::parseObject)
        .toList();
  }

  private static final long START = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

  @Test
  void stateIsInsufficientDataUntilEnoughSamplesAndEachChangeIsAnEvent() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.INSUFFICIENT_DATA);
    // Warm-up 10 s, 6 samples needed: 5 after the warm-up are not enough.
    feed(0, 15, 0);
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.INSUFFICIENT_DATA);
    assertThat(watchdog.latestVerdict().samples()).isEqualTo(5);
    assertThat(watchdog.liveSetReadings()).isEqualTo(15);
    assertThat(watchdog.latestExplanation())
        .startsWith("5 of 6 live-set samples after the warm-up");
    assertThat(allEvents()).isEmpty();

    feed(15, 16, 0);
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.HEALTHY);
    feed(16, 60, 0);
    watchdog.check();
    feed(60, 100, MB);
    watchdog.check();

    List<Map<String, Object>> events = allEvents();
    assertThat(types(events))
        .containsExactly(
            "VERDICT_CHANGED",
            "VERDICT_CHANGED",
            "HISTOGRAM_CAPTURED",
            "HEAP_DUMP_CAPTURED",
            "LEAK_SUSPECTED");
    assertThat(events.get(0))
        .containsEntry("from", "insufficient-data")
        .containsEntry("state", "healthy")
        .containsEntry("basis", "live-set")
        .containsEntry("samples", 6L)
        .containsEntry("readings", 16L);
    assertThat(events.get(1))
        .containsEntry("from", "healthy")
        .containsEntry("state", "leaking")
        .containsEntry("readings", 100L);
    assertThat(events.get(1).get("growthBytesPerSecond"))
        .isEqualTo(events.get(4).get("growthBytesPerSecond"));
    assertThat(events.get(4)).containsEntry("state", "leaking");
  }

  /**
   * Leaking, then insufficient data (a low sample makes the rise insignificant while the slope is
   * still a leak's), then leaking again: one episode, so no second capture before {@code
   * minTimeBetweenDumps}. Ending the episode on insufficient data captured again at once.
   */
  @Test
  void insufficientDataBetweenLeakingVerdictsDoesNotStartANewEpisode() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    monitor.record(0, 50 * MB); // the warm-up's 10 s count from here
    for (int s = 10; s < 16; s++) {
      monitor.record(s * 1000L, 50 * MB + (s - 10) * MB);
    }
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.LEAKING);
    monitor.record(16_000, 50 * MB + 5 * MB / 2);
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.INSUFFICIENT_DATA);
    for (int s = 17; s < 22; s++) {
      monitor.record(s * 1000L, 50 * MB + (s - 10) * MB);
    }
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.LEAKING);

    assertThat(types(allEvents()).stream().filter("VERDICT_CHANGED"::equals)).hasSize(3);
    assertThat(types(events()))
        .containsExactly("HISTOGRAM_CAPTURED", "HEAP_DUMP_CAPTURED", "LEAK_SUSPECTED");
  }

  @Test
  void warmUpCountsFromTheStartNotFromALateFirstReading() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    // The first collection of the old generation a minute after the start: its readings are
    // past the 10 s warm-up already; counted from the first reading, none of these 9 would be.
    for (int s = 60; s < 69; s++) {
      monitor.record(START + s * 1000L, 100 * MB);
    }
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.HEALTHY);
    assertThat(watchdog.latestVerdict().samples()).isEqualTo(9);
    assertThat(watchdog.warmUpEndsMillis()).isEqualTo(START + 10_000);
  }

  @Test
  void flatUpperBoundsAreHealthyButRisingOnesNeverLeakingAndALiveSetReadingResetsThem()
      throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    // Rising bounds, as promoted garbage or a leak would make them: no verdict either way.
    for (int s = 0; s < 40; s++) {
      monitor.recordBound(START + s * 1000L, 50 * MB + s * MB);
    }
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.INSUFFICIENT_DATA);
    assertThat(watchdog.latestExplanation()).contains("may be garbage");
    // An old-generation collection: the bounds before it are dropped, one live-set reading.
    monitor.record(START + 40_000, 50 * MB);
    assertThat(monitor.bounds().count()).isZero();
    // Then flat bounds: the live set cannot be growing.
    for (int s = 41; s < 50; s++) {
      monitor.recordBound(START + s * 1000L, 50 * MB + (s % 2) * 100_000);
    }
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.HEALTHY);
    assertThat(watchdog.latestBasis()).isEqualTo(LiveSetVerdict.Basis.UPPER_BOUND);
    assertThat(watchdog.latestVerdict().samples()).isEqualTo(9);

    List<Map<String, Object>> events = allEvents();
    assertThat(types(events)).containsExactly("VERDICT_CHANGED");
    assertThat(events.get(0))
        .containsEntry("from", "insufficient-data")
        .containsEntry("state", "healthy")
        .containsEntry("basis", "upper-bound")
        .containsEntry("readings", 1L);
  }

  /**
   * G1's cycles are asked for only once the upper bounds were enough to judge and did not show a
   * flat live set: a flat heap after young collections gets its healthy verdict without a marking,
   * a rising one gets a request.
   */
  @Test
  void g1CyclesAreAskedForOnlyWhenEnoughUpperBoundsDoNotShowAFlatLiveSet() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    ScriptedFlag flat = new ScriptedFlag();
    watchdog.useG1Cycles(new G1CycleRequests(flat, 60_000));
    // after the 10 s warm-up, but fewer bounds than the 6 samples a verdict needs: no request yet
    for (int s = 0; s < 13; s++) {
      monitor.recordBound(START + s * 1000L, 50 * MB + (s % 2) * 100_000);
    }
    clock.advance(Duration.ofSeconds(13));
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.INSUFFICIENT_DATA);
    assertThat(flat.writes).isEmpty();
    for (int s = 13; s < 20; s++) {
      monitor.recordBound(START + s * 1000L, 50 * MB + (s % 2) * 100_000);
    }
    clock.advance(Duration.ofSeconds(7));
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.HEALTHY);
    assertThat(flat.writes).as("healthy by the bounds: no marking asked for").isEmpty();
    assertThat(types(allEvents())).doesNotContain("G1_CYCLES_REQUESTED");
  }

  @Test
  void risingUpperBoundsGetAG1CycleRequest() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    ScriptedFlag rising = new ScriptedFlag();
    G1CycleRequests requests = new G1CycleRequests(rising, 60_000);
    watchdog.useG1Cycles(requests);
    for (int s = 0; s < 20; s++) {
      monitor.recordBound(START + s * 1000L, 50 * MB + s * MB);
    }
    clock.advance(Duration.ofSeconds(20));
    watchdog.check();
    assertThat(watchdog.latestVerdict().state()).isEqualTo(TrendVerdict.State.INSUFFICIENT_DATA);
    assertThat(rising.writes).containsExactly(G1CycleRequests.ARMED);
    assertThat(types(allEvents())).containsExactly("G1_CYCLES_REQUESTED");
    // the cycle's first pause disarms; while readings are missing the next request waits a minute
    requests.onYoungPause(G1CycleRequests.PERIODIC_CAUSE);
    clock.advance(Duration.ofSeconds(30));
    watchdog.check();
    assertThat(rising.writes).containsExactly(G1CycleRequests.ARMED, "0");
    clock.advance(Duration.ofSeconds(30));
    watchdog.check();
    assertThat(rising.writes).containsExactly(G1CycleRequests.ARMED, "0", G1CycleRequests.ARMED);
  }

  private static List<Object> types(List<Map<String, Object>> events) {
    return events.stream().map(e -> e.get("type")).toList();
  }

  @Test
  void startRunsOneDaemonThreadAndCloseStopsItAndLogsBothEnds() throws Exception {
    Path evidence = dir.resolve("not/yet/there");
    WatchdogConfig config =
        new WatchdogConfig(
            evidence,
            TREND,
            new EvidenceBudget(1, 1L << 30, 0, Duration.ZERO),
            Duration.ofMillis(10),
            clock);
    Thread thread;
    try (Watchdog running = Watchdog.start(config)) {
      thread =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals(Watchdog.THREAD_NAME))
              .findFirst()
              .orElseThrow();
      assertThat(thread.isDaemon()).isTrue();
      assertThat(running.latestVerdict().leaking()).isFalse();
    }
    assertThat(thread.isAlive()).isFalse();
    List<Map<String, Object>> lines =
        Files.readAllLines(evidence.resolve("events.jsonl")).stream()
            .map(StrictJson::parseObject)
            .toList();
    assertThat(types(lines)).containsExactly("WATCHDOG_STARTED", "WATCHDOG_STOPPED");
    assertThat(lines.get(0))
        .containsEntry("pid", ProcessHandle.current().pid())
        .containsKeys("collectors", "pools", "maxBytes", "bucketMillis");
  }

  @Test
  void flatLiveSetRaisesNothing() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    feed(0, 80, 0);
    watchdog.check();

    assertThat(watchdog.latestVerdict().leaking()).isFalse();
    assertThat(watchdog.latestVerdict().samples()).isEqualTo(61);
    assertThat(Files.list(dir)).containsExactly(dir.resolve("events.jsonl"));
  }

  @Test
  void samplesInsideTheWarmUpAreIgnored() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    // Steep growth during the warm-up only, then flat.
    for (int s = 0; s < 10; s++) {
      monitor.record(s * 1000L, s * 10 * MB);
    }
    for (int s = 10; s < 30; s++) {
      monitor.record(s * 1000L, 100 * MB);
    }
    watchdog.check();

    assertThat(watchdog.latestVerdict().samples()).isEqualTo(20);
    assertThat(watchdog.latestVerdict().leaking()).isFalse();
  }

  @Test
  void leakCapturesHistogramAndDumpThenASecondPairAfterMinTimeBetweenDumps() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    feed(0, 40, MB);
    watchdog.check();

    assertThat(watchdog.latestVerdict().leaking()).isTrue();
    assertThat(watchdog.latestVerdict().slopeBytesPerSecond()).isEqualTo(MB);
    assertThat(types(events()))
        .containsExactly("HISTOGRAM_CAPTURED", "HEAP_DUMP_CAPTURED", "LEAK_SUSPECTED");
    Map<String, Object> suspected = events().get(2);
    assertThat(suspected)
        .containsEntry("growthBytesPerSecond", (double) MB)
        .containsEntry("liveBytes", 50 * MB + 39 * MB)
        .containsEntry("samples", 30L)
        .containsEntry("capture", 1L);
    assertThat((List<?>) suspected.get("evidence")).hasSize(2);
    for (Object name : (List<?>) suspected.get("evidence")) {
      assertThat(dir.resolve((String) name)).isRegularFile();
    }

    // Still leaking, but too soon for a second dump: nothing happens.
    clock.advance(Duration.ofSeconds(29));
    feed(40, 45, MB);
    watchdog.check();
    assertThat(events()).hasSize(3);

    clock.advance(Duration.ofSeconds(1));
    watchdog.check();
    List<Map<String, Object>> events = events();
    assertThat(types(events)).isEqualTo(TWO_CAPTURES);
    assertThat(events.get(5)).containsEntry("capture", 2L);
    assertThat((List<?>) events.get(5).get("evidence")).hasSize(4);

    // Two captures per episode, then quiet.
    clock.advance(Duration.ofMinutes(5));
    watchdog.check();
    assertThat(events()).hasSize(6);
  }

  @Test
  void secondDumpIsTakenOnTheFirstCheckDueEvenWhenTheClockMovesDuringTheCapture()
      throws IOException {
    // Each reading of this clock is later than the last, as if each step took time: 500 ms for the
    // first ten readings (the first capture, with its histogram before the dump, is slow), 10 ms
    // after. The budget's minTimeBetweenDumps must count from the instant the watchdog counts its
    // spacing of captures from, or the dump that the watchdog finds due is refused as too soon.
    clock.advanceOnEachReading(n -> Duration.ofMillis(n < 10 ? 500 : 10));
    watchdog(new EvidenceBudget(2, 1L << 40, 0, Duration.ofSeconds(30)));
    feed(0, 40, MB);
    // 10 ms per check: the first one due comes within 10 ms of the 30 s
    for (int i = 0; i < 4000 && events().size() < 6; i += 100) {
      for (int j = 0; j < 100; j++) {
        watchdog.check();
      }
    }
    assertThat(types(events())).isEqualTo(TWO_CAPTURES);
  }

  @Test
  void dumpBeyondTheBudgetIsSkippedWithItsReasonAndTheLeakStillReported() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(1, 1L << 40, 0, Duration.ZERO));
    Files.write(dir.resolve("heap-20260101T000000.000Z.hprof.gz"), new byte[1]);
    feed(0, 40, MB);
    watchdog.check();

    List<Map<String, Object>> events = events();
    assertThat(types(events))
        .containsExactly("HISTOGRAM_CAPTURED", "CAPTURE_SKIPPED", "LEAK_SUSPECTED");
    assertThat(events.get(1))
        .containsEntry("what", "heap dump")
        .containsEntry("reason", "maxDumps: 1 dumps already taken (limit 1)");
    assertThat((List<?>) events.get(2).get("evidence")).hasSize(1);
  }

  @Test
  void aNewEpisodeAfterAHealthyVerdictCapturesAgain() throws IOException {
    Watchdog watchdog = watchdog(new EvidenceBudget(10, 1L << 40, 0, Duration.ZERO));
    feed(0, 40, MB);
    watchdog.check();
    // Flat for a whole window: healthy again.
    for (int s = 40; s < 110; s++) {
      monitor.record(s * 1000L, 100 * MB);
    }
    watchdog.check();
    assertThat(watchdog.latestVerdict().leaking()).isFalse();
    feed(110, 160, MB);
    watchdog.check();

    assertThat(types(events()).stream().filter("LEAK_SUSPECTED"::equals)).hasSize(2);
  }
}
