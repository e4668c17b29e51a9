package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSetMonitorTest {

  @Test
  void recordsTheOldPoolsAfterARealGc() throws InterruptedException {
    try (LiveSetMonitor monitor = new LiveSetMonitor(64, 1)) {
      assertThat(monitor.poolNames()).isNotEmpty();
      System.gc();
      // Notifications arrive on the JDK's thread, shortly after the GC; wait a bounded time.
      for (int i = 0; i < 100 && monitor.sample().count() == 0; i++) {
        Thread.sleep(20);
      }
      LiveSetMonitor.Series series = monitor.sample();
      assertThat(series.count()).isPositive();
      assertThat(series.liveBytes()[series.count() - 1]).isPositive();
      assertThat(series.timesMillis()[series.count() - 1])
          .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1000);
      assertThat(monitor.maxBytes()).isPositive();
    }
  }

  @Test
  void closeRemovesTheListeners() throws InterruptedException {
    LiveSetMonitor monitor = new LiveSetMonitor(64, 1);
    monitor.close();
    monitor.close();
    System.gc();
    Thread.sleep(200);
    assertThat(monitor.readingCount()).isZero();
  }

  @Test
  void poolsAreTheOldGenerationOrElseTheWholeHeap() {
    List<String> pools = LiveSetRules.longLivedPools(ManagementFactory.getMemoryPoolMXBeans());
    boolean hasOld =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .map(MemoryPoolMXBean::getName)
            .anyMatch(n -> n.contains("Old") || n.contains("Tenured"));
    if (hasOld) {
      assertThat(pools).allMatch(n -> n.contains("Old") || n.contains("Tenured"));
    } else {
      assertThat(pools).isNotEmpty();
    }
  }

  @Test
  void eachBucketKeepsItsLeastReadingAndTheRingKeepsTheNewest() {
    try (LiveSetMonitor monitor = new LiveSetMonitor(3, 1000, false)) {
      monitor.record(1_000, 500);
      monitor.record(1_400, 300);
      monitor.record(1_900, 400);
      monitor.record(2_100, 700);
      monitor.record(3_000, 800);
      monitor.record(4_500, 900);

      LiveSetMonitor.Series series = monitor.sample();
      assertThat(series.timesMillis()).containsExactly(2_100, 3_000, 4_500);
      assertThat(series.liveBytes()).containsExactly(700, 800, 900);
      assertThat(monitor.firstTimeMillis()).isEqualTo(1_000);
      assertThat(monitor.readingCount()).isEqualTo(6);
    }
  }

  @Test
  void lateReadingForAClosedBucketIsDropped() {
    try (LiveSetMonitor monitor = new LiveSetMonitor(8, 1000, false)) {
      monitor.record(1_000, 500);
      monitor.record(2_100, 700);
      monitor.record(2_600, 600);
      monitor.record(1_500, 100);

      LiveSetMonitor.Series series = monitor.sample();
      assertThat(series.timesMillis()).containsExactly(1_000, 2_600);
      assertThat(series.liveBytes()).containsExactly(500, 600);
    }
  }

  @Test
  void majorCollectionsAndCycleEndsAreReadings() {
    assertThat(LiveSetRules.measuresLiveSet("MarkSweepCompact", "end of major GC", 90, 95))
        .isTrue();
    assertThat(LiveSetRules.measuresLiveSet("G1 Old Generation", "end of major GC", 90, 40))
        .isTrue();
    assertThat(LiveSetRules.measuresLiveSet("ZGC Major Cycles", "end of GC cycle", 90, 40))
        .isTrue();
    assertThat(LiveSetRules.measuresLiveSet("Shenandoah Cycles", "end of GC cycle", 90, 95))
        .isTrue();
  }

  @Test
  void minorCollectionsAreReadingsOnlyWhenTheyShrankTheOldPools() {
    // G1 mixed pause: old regions collected.
    assertThat(LiveSetRules.measuresLiveSet("G1 Young Generation", "end of minor GC", 90, 60))
        .isTrue();
    // Plain young pause: promotion only.
    assertThat(LiveSetRules.measuresLiveSet("G1 Young Generation", "end of minor GC", 90, 92))
        .isFalse();
    assertThat(LiveSetRules.measuresLiveSet("ZGC Minor Cycles", "end of GC cycle", 90, 90))
        .isFalse();
  }

  @Test
  void pauseNotificationsWithEmptyPoolUsageAreNotReadings() {
    assertThat(LiveSetRules.measuresLiveSet("Shenandoah Pauses", "Final Mark", 0, 0)).isFalse();
    assertThat(LiveSetRules.measuresLiveSet("ZGC Major Pauses", "end of GC pause", 0, 0)).isFalse();
  }

  @Test
  void outOfRangeArgumentsAreNamed() {
    assertThatThrownBy(() -> new LiveSetMonitor(1, 1, false))
        .hasMessage("capacity: 1 (expected: 2+)");
    assertThatThrownBy(() -> new LiveSetMonitor(2, 0, false))
        .hasMessage("bucketMillis: 0 (expected: 1+)");
  }
}
