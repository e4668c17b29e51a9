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
      LiveSetSeries.Series series = monitor.sample();
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

      LiveSetSeries.Series series = monitor.sample();
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

      LiveSetSeries.Series series = monitor.sample();
      assertThat(series.timesMillis()).containsExactly(1_000, 2_600);
      assertThat(series.liveBytes()).containsExactly(500, 600);
    }
  }

  @Test
  void upperBoundsKeepTheLeastPerBucketAndOnlySinceTheLatestLiveSetReading() {
    try (LiveSetMonitor monitor = new LiveSetMonitor(8, 1000, false)) {
      monitor.recordBound(1_000, 500);
      monitor.recordBound(1_500, 400);
      monitor.recordBound(2_200, 600);
      assertThat(monitor.bounds().liveBytes()).containsExactly(400, 600);
      assertThat(monitor.bounds().timesMillis()).containsExactly(1_500, 2_200);
      // An old-generation collection: the bounds before it say nothing about the live set after.
      monitor.record(3_100, 300);
      assertThat(monitor.bounds().count()).isZero();
      // A bound in the same bucket as that reading is dropped: the reading is the better one.
      monitor.recordBound(3_900, 350);
      monitor.recordBound(4_100, 360);
      assertThat(monitor.bounds().liveBytes()).containsExactly(360);
      assertThat(monitor.boundReadingCount()).isEqualTo(5);
      assertThat(monitor.readingCount()).isEqualTo(1);
      assertThat(monitor.firstTimeMillis()).isEqualTo(1_000);
    }
  }

  /** Young collections in this JVM (whatever collector runs the tests) are heard as bounds. */
  @Test
  void youngCollectionsAreHeardAsUpperBounds() throws InterruptedException {
    try (LiveSetMonitor monitor = new LiveSetMonitor(64, 1)) {
      List<byte[]> kept = new java.util.ArrayList<>();
      for (int round = 0; round < 200 && monitor.boundReadingCount() == 0; round++) {
        // Garbage for young collections, and a little kept so that the old generation is used.
        for (int i = 0; i < 2_000; i++) {
          kept.add(new byte[1024]);
          if (kept.size() > 20_000) {
            kept.remove(kept.size() - 1);
          }
          byte[] garbage = new byte[4096];
          garbage[0] = 1;
        }
        Thread.sleep(5);
      }
      assertThat(monitor.boundReadingCount()).as("pools %s", monitor.poolNames()).isPositive();
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
