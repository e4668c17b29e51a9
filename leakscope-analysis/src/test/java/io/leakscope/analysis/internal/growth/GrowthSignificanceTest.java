package io.leakscope.analysis.internal.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.Bound;
import io.leakscope.analysis.report.Suspect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The rule for growth that counts: a step of at least 4 KB, 1% of the holder and 0.1% of the heap,
 * checked on the series a holder shows over three dumps of a 100 MB heap (floor 100 KB there).
 */
class GrowthSignificanceTest {
  private static final long HEAP = 100L << 20;

  private static String trend(long... series) {
    return SuspectGrowth.Trend.of(series, HEAP).name();
  }

  @Test
  void aStepCountsOnlyAboveTheFloorTheHoldersShareAndTheHeapsShare() {
    // 100 MB heap: 0.1% is 104,858 bytes
    assertThat(SuspectGrowth.significant(1_000_000, 1_000_000 + 104_858, HEAP)).isTrue();
    assertThat(SuspectGrowth.significant(1_000_000, 1_000_000 + 104_857, HEAP)).isFalse();
    // a big holder must grow by 1% of itself: 50 MB + 200 KB is 0.4%
    assertThat(SuspectGrowth.significant(50L << 20, (50L << 20) + 200_000, HEAP)).isFalse();
    // on a tiny heap the absolute floor decides
    assertThat(SuspectGrowth.significant(0, 4095, 10_000)).isFalse();
    assertThat(SuspectGrowth.significant(0, 4096, 10_000)).isTrue();
    // a fall is never growth
    assertThat(SuspectGrowth.significant(2_000_000, 1_000_000, HEAP)).isFalse();
  }

  @Test
  void aBoundedCacheAtItsCapWithChurnIsStable() {
    // 20 MB of entries, replaced between dumps: a few entries' worth of movement
    assertThat(trend(20_000_000, 20_004_000, 20_000_800)).isEqualTo(Suspect.TREND_STABLE);
  }

  @Test
  void aLeakThatAddsAtEveryStepIsGrowing() {
    SuspectGrowth.Trend t =
        SuspectGrowth.Trend.of(new long[] {1_000_000, 2_000_000, 3_000_000}, HEAP);
    assertThat(t.name()).isEqualTo(Suspect.TREND_GROWING);
    assertThat(t.everyStep()).isTrue();
    assertThat(t.growth()).isEqualTo(2_000_000);
  }

  @Test
  void aCacheThatWarmedUpAndStoppedIsAtAPlateau() {
    assertThat(trend(1_000_000, 3_000_000, 3_001_000)).isEqualTo(Suspect.TREND_PLATEAU);
  }

  @Test
  void aSawtoothIsFluctuatingNotGrowing() {
    // a buffer caught 30%, 90% and 50% full: fuller at the end than at the start, yet no leak
    assertThat(trend(3_000_000, 9_000_000, 5_000_000)).isEqualTo(Suspect.TREND_FLUCTUATING);
  }

  @Test
  void growthThatResumesAfterAPauseIsGrowing() {
    assertThat(trend(1_000_000, 1_000_500, 3_000_000)).isEqualTo(Suspect.TREND_GROWING);
  }

  /**
   * A time-bounded cache (Caffeine's expireAfterWrite at a steady rate) read 470,184, 470,184 and
   * 479,784 bytes on a 9 MB heap: one step of 2%, which counts (4 KB, 1% of the holder, 0.1% of the
   * heap) but alone, after a step that did not, is the timing of its traffic. A last step alone
   * must add 5% of the holder; at every step, 1% still does.
   */
  @Test
  void aSmallRiseAtTheLastStepAloneIsNoGrowth() {
    long heap = 9_400_000;
    assertThat(SuspectGrowth.Trend.of(new long[] {470_184, 470_184, 479_784}, heap).name())
        .isEqualTo(Suspect.TREND_STABLE);
    // 5% at the last step alone is a leak that started
    assertThat(SuspectGrowth.Trend.of(new long[] {470_184, 470_184, 493_700}, heap).name())
        .isEqualTo(Suspect.TREND_GROWING);
    // 2% at every step is growth
    assertThat(SuspectGrowth.Trend.of(new long[] {470_184, 479_600, 489_200}, heap).name())
        .isEqualTo(Suspect.TREND_GROWING);
    // a rise, a pause, then a small last step: the plateau it was
    assertThat(SuspectGrowth.Trend.of(new long[] {300_000, 470_184, 470_184, 479_784}, heap).name())
        .isEqualTo(Suspect.TREND_PLATEAU);
  }

  @Test
  void hiddenClassNamesMatchAcrossJvmStarts() {
    assertThat(SuspectGrowth.stable("a.Bus$$Lambda/0x00007fb1d8011a10"))
        .isEqualTo(SuspectGrowth.stable("a.Bus$$Lambda/0x0000000801004c40"))
        .isEqualTo("a.Bus$$Lambda");
    assertThat(SuspectGrowth.stable("a.Bus$$Lambda$15/0x0000000800c0b000"))
        .isEqualTo("a.Bus$$Lambda");
    assertThat(SuspectGrowth.stable("a.Bus$$Lambda+0x0000000801004c40")).isEqualTo("a.Bus$$Lambda");
    assertThat(SuspectGrowth.stable("a.Registry.sessions")).isEqualTo("a.Registry.sessions");
  }

  @Test
  void aLoaderReachedThroughAnyOfItsClassesIsOneHolder() {
    assertThat(SuspectGrowth.stable("class a.AuditEntry → a.AuditEntry.<classloader>"))
        .isEqualTo(SuspectGrowth.stable("class a.FilterReply[] → a.FilterReply[].<classloader>"))
        .isEqualTo(
            SuspectGrowth.stable(
                "class a.Bus$$Lambda/0x0000000801004c40 → a.Bus$$Lambda/0x0000000801004c40"
                    + ".<classloader>"));
    assertThat(SuspectGrowth.stable("class a.AuditEntry → a.AuditEntry.<class>"))
        .isNotEqualTo(SuspectGrowth.stable("class a.Other → a.Other.<class>"));
  }

  /**
   * A report as a summary would give it back: a dump of {@code heap} reachable bytes taken at
   * {@code time}, the suspects given as "holder|class|instances|bytes" and the histogram as
   * "class|instances".
   */
  private static AnalysisReport report(
      long time, long heap, List<String> suspects, List<String> classes) {
    return report(time, heap, 10, suspects, classes);
  }

  /** {@link #report(long, long, List, List)} of a dump that holds {@code loaded} classes. */
  private static AnalysisReport report(
      long time, long heap, long loaded, List<String> suspects, List<String> classes) {
    List<String> lines = new ArrayList<>();
    lines.add("leakscope-baseline-summary " + BaselineSummaries.FORMAT);
    lines.add("key");
    lines.add(
        String.join(
            "\t",
            "dump",
            "JAVA PROFILE 1.0.2",
            "8",
            "false",
            "1000",
            Long.toString(time),
            "1000",
            Long.toString(loaded),
            "10",
            "1000",
            "0",
            "0",
            "0",
            Long.toString(heap),
            "true",
            "true",
            "8",
            "")); // no main class
    lines.add("native\t0\t0\t0\t0");
    for (String s : suspects) {
      String[] f = s.split("\\|");
      lines.add(
          String.join(
              "\t", "suspect", "accumulation", f[0], f[1], f[2], f[3], f[0], "0", "0", "0", "0"));
    }
    for (String c : classes) {
      String[] f = c.split("\\|");
      lines.add(String.join("\t", "class", f[0], f[1], "0", "0"));
    }
    lines.add("end");
    return BaselineSummaries.parse(lines, "key", "dump.hprof");
  }

  /**
   * A report of one thread-pools suspect as a summary gives it back: {@code pools} pools whose
   * threads' names run from {@code first} to {@code last}, oldest pool first.
   */
  private static AnalysisReport pools(long time, int pools, String first, String last) {
    return held(Suspect.KIND_THREAD_POOLS, time, pools, first, last);
  }

  /**
   * As {@link #pools}, a suspect of {@code kind} held by threads named {@code first}…{@code last}.
   */
  private static AnalysisReport held(String kind, long time, int pools, String first, String last) {
    List<String> lines = new ArrayList<>();
    lines.add("leakscope-baseline-summary " + BaselineSummaries.FORMAT);
    lines.add("key");
    lines.add(
        "dump\tJAVA PROFILE 1.0.2\t8\tfalse\t1000\t"
            + time
            + "\t1000\t10\t10\t1000\t0\t0\t0\t20000000\ttrue\ttrue\t8\t");
    lines.add("native\t0\t0\t0\t0");
    String holder = "thread pools pool-N-thread-N";
    lines.add(
        String.join(
            "\t",
            "suspect",
            kind,
            holder,
            "java.util.concurrent.ThreadPoolExecutor",
            Integer.toString(pools),
            Long.toString(pools * 600L),
            pools + " thread pools never shut down",
            "0",
            "0",
            "0",
            "0"));
    lines.add("threads\t" + first + "\t" + last);
    lines.add("end");
    return BaselineSummaries.parse(lines, "key", "dump.hprof");
  }

  /**
   * More pools in each dump is growth only while the oldest dump's pools are still there: pools
   * that end by themselves (20, 40, then 60 of them, each dump's all new) are no leak, pools that
   * stay are, however few more each dump has. What decides is in the summary, so it holds for a
   * baseline read back from one.
   */
  @Test
  void morePoolsAreGrowthOnlyWhileTheOldestDumpsPoolsRemain() {
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    AnalysisReport oldest = pools(1_000, 20, "pool-1-thread-1", "pool-20-thread-1");
    AnalysisReport middle = pools(2_000, 40, "pool-21-thread-1", "pool-60-thread-1");
    AnalysisReport allNew = pools(3_000, 60, "pool-61-thread-1", "pool-120-thread-1");
    AnalysisReport stayed = pools(3_000, 60, "pool-1-thread-1", "pool-120-thread-1");
    assertThat(
            SuspectGrowth.rank(allNew, List.of(oldest, middle), 0.1, recorded, packages).suspects())
        .isEmpty();
    assertThat(
            SuspectGrowth.rank(stayed, List.of(oldest, middle), 0.1, recorded, packages).suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_GROWING);
    // the oldest dump's first pool is gone, some of its others are not: pools that end, slowly
    AnalysisReport someStayed = pools(3_000, 60, "pool-15-thread-1", "pool-120-thread-1");
    assertThat(
            SuspectGrowth.rank(someStayed, List.of(oldest, middle), 0.1, recorded, packages)
                .suspects())
        .isEmpty();
    // names without numbers tell nothing: every pool more is growth, as before
    AnalysisReport unnamedThen = pools(1_000, 20, "worker", "worker");
    AnalysisReport unnamedNow = pools(3_000, 60, "worker", "worker");
    assertThat(
            SuspectGrowth.rank(unnamedNow, List.of(unnamedThen), 0.1, recorded, packages)
                .suspects())
        .hasSize(1);
    // the same for what threads hold: a thread-local's values on threads that end by themselves
    AnalysisReport localsThen =
        held(
            Suspect.KIND_THREAD_LOCAL,
            1_000,
            200,
            "HttpClient-1-Worker-0",
            "HttpClient-200-Worker-1");
    AnalysisReport localsNow =
        held(
            Suspect.KIND_THREAD_LOCAL,
            3_000,
            600,
            "HttpClient-401-Worker-0",
            "HttpClient-1-Worker-1");
    assertThat(
            SuspectGrowth.rank(localsNow, List.of(localsThen), 0.1, recorded, packages).suspects())
        .as("HttpClient-1 held it in both dumps")
        .hasSize(1);
    AnalysisReport allNewLocals =
        held(
            Suspect.KIND_THREAD_LOCAL,
            3_000,
            600,
            "HttpClient-401-Worker-0",
            "HttpClient-999-Worker-1");
    assertThat(
            SuspectGrowth.rank(allNewLocals, List.of(localsThen), 0.1, recorded, packages)
                .suspects())
        .isEmpty();
    // a thread without a number (the main thread) new since the oldest dump may be what grew
    AnalysisReport withMain =
        held(Suspect.KIND_THREAD_LOCAL, 3_000, 600, "HttpClient-401-Worker-0", "main");
    assertThat(
            SuspectGrowth.rank(withMain, List.of(localsThen), 0.1, recorded, packages).suspects())
        .hasSize(1);
    // there in both, it is left aside: the numbered threads beside it ended
    AnalysisReport mainThen =
        held(Suspect.KIND_THREAD_LOCAL, 1_000, 200, "main", "HttpClient-1-Worker-0");
    assertThat(SuspectGrowth.rank(withMain, List.of(mainThen), 0.1, recorded, packages).suspects())
        .isEmpty();
    AnalysisReport mainAndTheFirst =
        held(Suspect.KIND_THREAD_LOCAL, 3_000, 600, "main", "HttpClient-1-Worker-0");
    assertThat(
            SuspectGrowth.rank(mainAndTheFirst, List.of(mainThen), 0.1, recorded, packages)
                .suspects())
        .hasSize(1);
    // what a summary keeps of a pools suspect: its oldest and its newest pool's threads
    AnalysisReport again =
        BaselineSummaries.parse(BaselineSummaries.format("key", stayed), "key", "dump.hprof");
    assertThat(again.suspects().get(0).threads())
        .containsExactly("pool-1-thread-1", "pool-120-thread-1");
  }

  /**
   * A session store swept of idle sessions holds more while traffic is higher: 880, 950, then 1,020
   * sessions over three dumps seconds apart, each dump's all new. Its elements show it: none of the
   * oldest dump's is left, so it is replaced, not growing. A leak of the same sizes keeps them all;
   * a store that grew by half or more is growing whatever it keeps (an executor's backlog, replaced
   * as its workers take the oldest tasks, that falls behind); and without samples (too many
   * elements, nothing that identifies them) the sizes decide, as before.
   */
  @Test
  void aHolderWhoseElementsAreReplacedIsNotGrowing() {
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    List<Long> first = fingerprints(1, 64);
    List<Long> second = fingerprints(1_000, 64);
    List<Long> third = fingerprints(2_000, 64);
    AnalysisReport oldest = sessions(1_000, 880, first);
    AnalysisReport middle = sessions(2_000, 950, second);
    AnalysisReport replaced = sessions(3_000, 1_020, third);
    assertThat(
            SuspectGrowth.rank(replaced, List.of(oldest, middle), 0.5, recorded, packages)
                .suspects())
        .as("a small holder that is not growing is not reported")
        .isEmpty();
    List<Suspect> big =
        SuspectGrowth.rank(replaced, List.of(oldest, middle), 0.01, recorded, packages).suspects();
    assertThat(big).extracting(Suspect::trend).containsExactly(Suspect.TREND_REPLACED);
    assertThat(big.get(0).title()).contains("none of the oldest dump's elements are still there");
    // a leak of the same sizes keeps the oldest dump's elements: 40 of the oldest sample are
    // among the newest's (the others are pushed out of its 64 by the elements added since)
    List<Long> kept = new ArrayList<>(first.subList(0, 40));
    kept.addAll(fingerprints(3_000, 24));
    kept.sort(null);
    AnalysisReport leak = sessions(3_000, 1_020, kept);
    assertThat(
            SuspectGrowth.rank(leak, List.of(oldest, middle), 0.5, recorded, packages).suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_GROWING);
    // grown by half: growing, replaced or not
    AnalysisReport backlog = sessions(3_000, 1_320, third);
    assertThat(
            SuspectGrowth.rank(backlog, List.of(oldest, middle), 0.5, recorded, packages)
                .suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_GROWING);
    // no sample: the sizes decide
    AnalysisReport unknown = sessions(3_000, 1_020, List.of());
    assertThat(
            SuspectGrowth.rank(unknown, List.of(oldest, middle), 0.5, recorded, packages)
                .suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_GROWING);
    // what decides is in the summary: it holds for a baseline read back from one
    AnalysisReport again =
        BaselineSummaries.parse(BaselineSummaries.format("key", oldest), "key", "dump.hprof");
    assertThat(again.suspects().get(0).elementSample()).isEqualTo(first);
  }

  /**
   * A map of requests in flight that an answer removes and a failure does not: each dump's entries
   * are mostly new (860, 960, then 1,060, 900 of them in flight), and the failed ones stay for good
   * (100 more a step). Of the oldest dump's elements, one in eight is still in the newest, as in
   * the middle one: they stay, and it is growing. A window of the same sizes whose elements leave
   * with time held more of the oldest in the middle dump than in the newest: replaced. Two dumps
   * cannot tell them apart, and sizes decide; none kept is replaced either way.
   */
  @Test
  void aLeakAmidChurnIsGrowingWhileAWindowThatKeepsAFewIsReplaced() {
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    List<Long> first = fingerprints(1, 64);
    AnalysisReport oldest = sessions(1_000, 960, first);
    // the failed ones of the oldest sample (every eighth) are in both later samples, the rest of
    // which is new
    List<Long> failed = new ArrayList<>();
    for (int i = 0; i < 64; i += 8) {
      failed.add(first.get(i));
    }
    AnalysisReport middle = sessions(2_000, 1_060, withNew(failed, 2_000));
    AnalysisReport newest = sessions(3_000, 1_160, withNew(failed, 3_000));
    List<Suspect> leak =
        SuspectGrowth.rank(newest, List.of(oldest, middle), 0.5, recorded, packages).suspects();
    assertThat(leak).extracting(Suspect::trend).containsExactly(Suspect.TREND_GROWING);
    // a window: the middle dump still held a third of the oldest's elements, the newest an eighth
    List<Long> third = new ArrayList<>(failed);
    for (int i = 1; i < 64 && third.size() < 21; i += 8) {
      third.add(first.get(i));
      third.add(first.get(i + 1));
    }
    AnalysisReport leaving = sessions(2_000, 1_060, withNew(third, 2_000));
    List<Suspect> window =
        SuspectGrowth.rank(newest, List.of(oldest, leaving), 0.01, recorded, packages).suspects();
    assertThat(window).extracting(Suspect::trend).containsExactly(Suspect.TREND_REPLACED);
    assertThat(window.get(0).title()).contains("only 13% of the oldest dump's elements");
    // two dumps: an eighth kept cannot be told from a leak, and the sizes decide
    assertThat(SuspectGrowth.rank(newest, List.of(oldest), 0.5, recorded, packages).suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_GROWING);
    // none kept: replaced with two dumps too
    AnalysisReport allNew = sessions(3_000, 1_160, fingerprints(3_000, 64));
    assertThat(SuspectGrowth.rank(allNew, List.of(oldest), 0.01, recorded, packages).suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_REPLACED);
  }

  /**
   * A bounded cache warming up grows at every dump, and stops at its bound: with the bound known
   * and room for it in the heap, it is filling, not growing. Full, with entries its bound does not
   * count (an async cache's loads in flight), or a bound that would take more than half the heap,
   * the sizes decide.
   */
  @Test
  void aBoundedCacheWarmingUpIsFillingNotGrowing() {
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    AnalysisReport oldest = sessions(1_000, 900, List.of());
    AnalysisReport middle = sessions(2_000, 1_800, List.of());
    long mb = 1024 * 1024;
    Function<Bound, String> trend =
        b -> {
          AnalysisReport r = sessions(3_000, 2_700, List.of());
          AnalysisReport newest =
              r.withSuspects(List.of(r.suspects().get(0).withBound(b)), r.baselines());
          return SuspectGrowth.rank(newest, List.of(oldest, middle), 0.01, recorded, packages)
              .suspects()
              .get(0)
              .trend();
        };
    // 2,700 entries of 100 bytes: 270,000 bytes now, 400,000 at a bound of 4,000
    assertThat(trend.apply(null)).isEqualTo(Suspect.TREND_GROWING);
    // the same bound, but each entry retains 2.5 times what it did (900 entries of 40 bytes,
    // then 2,700 of 100): its values grow, which the bound does not limit
    AnalysisReport valuesGrew =
        report(1_000, 1_000_000, List.of("a.App.SESSIONS|a.Session|900|36000"), List.of());
    AnalysisReport r0 = sessions(3_000, 2_700, List.of());
    AnalysisReport r1 =
        r0.withSuspects(
            List.of(
                r0.suspects()
                    .get(0)
                    .withBound(new Bound("Caffeine cache", false, 4_000, 2_700, 2_700, 64 * mb))),
            r0.baselines());
    assertThat(
            SuspectGrowth.rank(r1, List.of(valuesGrew, middle), 0.01, recorded, packages)
                .suspects()
                .get(0)
                .trend())
        .as("filling only while the bytes per entry stay")
        .isNotEqualTo(Suspect.TREND_FILLING);
    assertThat(trend.apply(new Bound("Caffeine cache", false, 4_000, 2_700, 2_700, 64 * mb)))
        .isEqualTo(Suspect.TREND_FILLING);
    assertThat(trend.apply(new Bound("Caffeine cache", false, 2_800, 2_700, 2_700, 64 * mb)))
        .as("full")
        .isEqualTo(Suspect.TREND_GROWING);
    assertThat(trend.apply(new Bound("Caffeine cache", false, 4_000, 100, 2_700, 64 * mb)))
        .as("entries the bound does not count")
        .isEqualTo(Suspect.TREND_GROWING);
    assertThat(trend.apply(new Bound("Guava cache", false, 4_000, 2_700, 2_700, 700_000)))
        .as("400,000 bytes at the bound, more than half of a 700,000-byte heap")
        .isEqualTo(Suspect.TREND_GROWING);
    AnalysisReport r = sessions(3_000, 2_700, List.of());
    AnalysisReport newest =
        r.withSuspects(
            List.of(
                r.suspects()
                    .get(0)
                    .withBound(new Bound("Guava cache", false, 4_000, 2_700, 2_700, 0))),
            r.baselines());
    assertThat(
            SuspectGrowth.rank(newest, List.of(oldest, middle), 0.01, recorded, packages)
                .suspects()
                .get(0)
                .title())
        .contains(
            "but toward the bound of the cache that holds them, a Guava cache of at most 4,000"
                + " entries, 2,700 now (68%); at its bound about 390.6 KB: a cache warming up, not"
                + " a leak");
  }

  /**
   * A holder whose elements stay as many while it retains more at every dump: each element grows (a
   * full cache whose values are lists nothing trims). It is growing, and says that each element
   * holds more; one whose elements grew in number too does not.
   */
  @Test
  void aHolderWhoseElementsStayAsManyButRetainMoreSaysEachGrows() {
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    String each = "Its elements are as many as in the oldest dump, but they retain more";
    List<AnalysisReport> older =
        List.of(
            report(1_000, 1_000_000, List.of("a.App.HISTORIES|a.History|500|100000"), List.of()),
            report(2_000, 1_000_000, List.of("a.App.HISTORIES|a.History|500|200000"), List.of()));
    AnalysisReport same =
        report(3_000, 1_000_000, List.of("a.App.HISTORIES|a.History|502|300000"), List.of());
    Suspect s = SuspectGrowth.rank(same, older, 0.5, recorded, packages).suspects().get(0);
    assertThat(s.trend()).isEqualTo(Suspect.TREND_GROWING);
    assertThat(s.explanation()).contains(each);
    AnalysisReport more =
        report(3_000, 1_000_000, List.of("a.App.HISTORIES|a.History|700|300000"), List.of());
    Suspect m = SuspectGrowth.rank(more, older, 0.5, recorded, packages).suspects().get(0);
    assertThat(m.trend()).isEqualTo(Suspect.TREND_GROWING);
    assertThat(m.explanation()).doesNotContain(each);
  }

  /** {@code kept}, with new fingerprints from {@code from} on to make 64, ascending. */
  private static List<Long> withNew(List<Long> kept, long from) {
    List<Long> out = new ArrayList<>(kept);
    out.addAll(fingerprints(from, 64 - kept.size()));
    out.sort(null);
    return out;
  }

  /** {@code n} ascending fingerprints from {@code from} on, spaced apart. */
  private static List<Long> fingerprints(long from, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(from * 1_000 + 7L * i);
    }
    return out;
  }

  /** A report of one session store of {@code sessions} × 100 bytes with its elements' sample. */
  private static AnalysisReport sessions(long time, int sessions, List<Long> sample) {
    AnalysisReport r =
        report(
            time,
            1_000_000,
            List.of("a.App.SESSIONS|a.Session|" + sessions + "|" + sessions * 100L),
            List.of());
    return r.withSuspects(List.of(r.suspects().get(0).withElementSample(sample)), r.baselines());
  }

  @Test
  void aLoaderReachedThroughOneOfItsClassesIsJudgedOnlyWhereItIsListed() {
    String loader = "class a.X$$Lambda/0x01 → a.X$$Lambda/0x01.<classloader>";
    List<String> histogramBefore = List.of("java.lang.String|10000");
    List<String> histogramAfter = List.of("java.lang.String|12000");
    AnalysisReport newest =
        report(3_000, 20_000_000, List.of(loader + "|java.lang.String|26|400000"), histogramAfter);
    AnalysisReport notListed =
        report(1_000, 20_000_000, List.of("a.App.DATA|a.Item|100|9000000"), histogramBefore);
    AnalysisReport listed =
        report(
            1_000,
            20_000_000,
            List.of("class a.Y → a.Y.<classloader>|java.lang.String|20|100000"),
            histogramBefore);
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    // not listed before: its absence says nothing, so no growth from nothing
    assertThat(SuspectGrowth.rank(newest, List.of(notListed), 0.1, recorded, packages).suspects())
        .isEmpty();
    // listed before (through another of the loader's classes): 100 KB to 400 KB is growth
    assertThat(SuspectGrowth.rank(newest, List.of(listed), 0.1, recorded, packages).suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_GROWING);
  }

  /**
   * The JDK's bookkeeping of class loading (a loader's lock per class name, the open jar files, the
   * bean infos and method types it learned of the classes) grows as classes load: not a leak while
   * the dumps hold more classes, growth again when they do not. An application's holder grows
   * either way.
   */
  @Test
  void classLoadingBookkeepingDoesNotGrowWhileClassesLoad() {
    String locks = "java.lang.ClassLoader.parallelLockMap|java.lang.Object";
    String jars = "java.util.zip.ZipFile$Source.files|byte[]";
    // the JDK's caches of what it learned about each class: bean infos, interned method types
    String beans = "java.beans.ThreadGroupContext.contexts|java.beans.GenericBeanInfo";
    String types = "java.lang.invoke.MethodType.internTable|java.lang.invoke.MethodType";
    // the class infos of java.beans (JDK 25, under ZGC, for the corpus's healthy Groovy program)
    String infos = "com.sun.beans.introspect.ClassInfo.CACHE|com.sun.beans.util.Cache$CacheEntry";
    String app = "a.App.SESSIONS|a.Session";
    List<String> histogramBefore =
        List.of(
            "java.lang.Object|10000",
            "byte[]|5000",
            "a.Session|10",
            "java.beans.GenericBeanInfo|400",
            "java.lang.invoke.MethodType|2400",
            "com.sun.beans.util.Cache$CacheEntry|300");
    List<String> histogramAfter =
        List.of(
            "java.lang.Object|12000",
            "byte[]|9000",
            "a.Session|90",
            "java.beans.GenericBeanInfo|1200",
            "java.lang.invoke.MethodType|5600",
            "com.sun.beans.util.Cache$CacheEntry|900");
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    for (long loadedSince : new long[] {300, 0}) {
      AnalysisReport older =
          report(
              1_000,
              30_000_000,
              5_000,
              List.of(
                  locks + "|1000|300000",
                  jars + "|15|2000000",
                  beans + "|400|700000",
                  types + "|2400|150000",
                  infos + "|300|75000",
                  app + "|10|300000"),
              histogramBefore);
      AnalysisReport newer =
          report(
              2_000,
              30_000_000,
              5_000 + loadedSince,
              List.of(
                  locks + "|1500|360000",
                  jars + "|16|2800000",
                  beans + "|1200|2100000",
                  types + "|5600|550000",
                  infos + "|900|225000",
                  app + "|90|2700000"),
              histogramAfter);
      List<String> growing =
          SuspectGrowth.rank(newer, List.of(older), 0.1, recorded, packages).suspects().stream()
              .filter(x -> x.trend().equals(Suspect.TREND_GROWING))
              .map(Suspect::holder)
              .toList();
      if (loadedSince > 0) {
        assertThat(growing).containsExactly("a.App.SESSIONS");
      } else {
        assertThat(growing)
            .containsExactlyInAnyOrder(
                "a.App.SESSIONS",
                "java.lang.ClassLoader.parallelLockMap",
                "java.util.zip.ZipFile$Source.files",
                "java.beans.ThreadGroupContext.contexts",
                "java.lang.invoke.MethodType.internTable",
                "com.sun.beans.introspect.ClassInfo.CACHE");
      }
    }
    // no class loaded, and the same jars open (as many ZipFile$Source): the jars' table did not
    // grow, whatever its reading says; one jar more, and it did
    for (long jarsOpened : new long[] {0, 1}) {
      List<String> before = new ArrayList<>(histogramBefore);
      before.add("java.util.zip.ZipFile$Source|88");
      List<String> after = new ArrayList<>(histogramAfter);
      after.add("java.util.zip.ZipFile$Source|" + (88 + jarsOpened));
      AnalysisReport older =
          report(1_000, 30_000_000, 5_000, List.of(jars + "|15|2000000"), before);
      AnalysisReport newer = report(2_000, 30_000_000, 5_000, List.of(jars + "|16|2800000"), after);
      assertThat(SuspectGrowth.rank(newer, List.of(older), 0.1, recorded, packages).suspects())
          .as("jars opened: %d", jarsOpened)
          .hasSize((int) jarsOpened);
    }
  }

  /**
   * An application's field is one suspect per dump: when the class found to accumulate there
   * changes between dumps, it is still the same holder, judged against its own reading, not "grown
   * from nothing". A field that really grew still grows.
   */
  @Test
  void anApplicationFieldMatchesItsOlderReadingWhateverAccumulatesThere() {
    SuspectGrowth.Recorded recorded = new SuspectGrowth.Recorded(0.01, 50);
    ApplicationPackages packages = new ApplicationPackages(List.of());
    List<String> histogram = List.of("a.Session|1000", "java.lang.String|5000");
    AnalysisReport older =
        report(1_000, 30_000_000, List.of("a.App.SESSIONS|a.Session|1000|6000000"), histogram);
    AnalysisReport same =
        report(
            2_000, 30_000_000, List.of("a.App.SESSIONS|java.lang.String|1000|6001000"), histogram);
    AnalysisReport grown =
        report(
            2_000, 30_000_000, List.of("a.App.SESSIONS|java.lang.String|3000|9000000"), histogram);
    assertThat(SuspectGrowth.rank(same, List.of(older), 0.1, recorded, packages).suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_STABLE);
    assertThat(SuspectGrowth.rank(grown, List.of(older), 0.1, recorded, packages).suspects())
        .extracting(Suspect::trend)
        .containsExactly(Suspect.TREND_GROWING);
  }
}
