package io.leakscope.analysis.internal.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DiffReport;
import io.leakscope.analysis.report.DominatorEntry;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.SuspectPart;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import io.leakscope.testing.hprof.ServiceDumps;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuspectGrowthTest {
  @TempDir Path dir;

  /** A service at some moment: a big stable cache and a small leak of {@code leaked} entries. */
  private Path dump(String name, long time, int leaked) throws IOException {
    return ServiceDumps.stableCacheAndLeak(dir.resolve(name), time, 500, leaked);
  }

  @Test
  void aSmallLeakThatGrowsEveryTimeOutranksABigStableCache() throws IOException {
    Path first = dump("1.hprof", 1_000, 30);
    Path second = dump("2.hprof", 2_000, 60);
    Path third = dump("3.hprof", 3_000, 90);
    // in one dump alone the leak is below the 10% rule and the cache is the only suspect
    AnalysisReport single =
        HeapAnalyzer.analyze(third, new AnalysisOptions(5), ProgressListener.NONE);
    assertThat(single.suspects()).extracting(Suspect::holder).containsExactly("a.Cache.MAP");

    // baselines in any order: they are put in time order
    AnalysisReport r =
        HeapAnalyzer.analyze(
            third, new AnalysisOptions(5, List.of(second, first)), ProgressListener.NONE);
    Suspect top = r.suspects().get(0);
    assertThat(top.holder()).isEqualTo("a.Leak.SEEN");
    assertThat(top.accumulatedClass()).isEqualTo("a.Request");
    assertThat(top.instances()).isEqualTo(90);
    assertThat(top.growthBytes()).isPositive();
    assertThat(top.explanation())
        .contains("grew in every one of 3 dumps")
        .contains("+60 instances");
    Suspect cache =
        r.suspects().stream()
            .filter(s -> s.holder().equals("a.Cache.MAP"))
            .findFirst()
            .orElseThrow();
    assertThat(cache.rank()).isGreaterThan(1);
    assertThat(cache.growthBytes()).isZero();
    // the series is the retained size of the same holder in each dump, oldest first
    long one =
        HeapAnalyzer.analyze(first, new AnalysisOptions(5, List.of()), ProgressListener.NONE)
            .dominators()
            .stream()
            .filter(d -> d.className().equals("a.Request[]"))
            .findFirst()
            .orElseThrow()
            .retainedBytes();
    assertThat(top.retainedSeries()).hasSize(3).first().isEqualTo(one);
    assertThat(top.retainedSeries().get(2)).isEqualTo(top.retainedBytes());
    assertThat(top.growthBytes()).isEqualTo(top.retainedBytes() - one);
    assertThat(cache.retainedSeries()).containsOnly(cache.retainedBytes());
    assertThat(r.baselines()).extracting(d -> d.timestampMillis()).containsExactly(1_000L, 2_000L);
  }

  /**
   * A holder just under a baseline's 1% and just over it in the newer dump did not grow from
   * nothing: it held less than that 1% before, and the step from there is noise.
   */
  @Test
  void aHolderCrossingTheBaselinesShareDidNotGrowFromNothing() throws IOException {
    // a cache of 20,000 entries (about 5 MB) and a leak of n requests: the leak's bytes and the
    // reachable heap as functions of n, from two dumps analyzed alone
    int cache = 20_000;
    long[] at1000 = leakAndHeap(cache, 1_000);
    long[] at2000 = leakAndHeap(cache, 2_000);
    long perRequest = (at2000[0] - at1000[0]) / 1_000;
    assertThat(at2000[1] - at1000[1]).isEqualTo(1_000 * perRequest);
    LongUnaryOperator leak = n -> at1000[0] + (n - 1_000) * perRequest;
    LongUnaryOperator heap = n -> at1000[1] + (n - 1_000) * perRequest;
    int under = 0; // the most requests that stay under 1% of the heap
    while (leak.applyAsLong(under + 1) < Math.ceil(heap.applyAsLong(under + 1) * 0.01)) {
      under++;
    }
    int over = under + 3; // a few requests more: just over 1%, by less than 4,096 bytes
    assertThat((over - under) * perRequest).isLessThan(SuspectGrowth.FLOOR_BYTES);
    Path first = ServiceDumps.stableCacheAndLeak(dir.resolve("under.hprof"), 1_000, cache, under);
    Path second = ServiceDumps.stableCacheAndLeak(dir.resolve("over.hprof"), 2_000, cache, over);
    Path third = ServiceDumps.stableCacheAndLeak(dir.resolve("leak.hprof"), 3_000, cache, 3 * over);
    Path summaries = dir.resolve("summaries");

    // the leak is a suspect of the newer dump and none of the older one, at the same 1%
    DiffReport diff = HeapAnalyzer.diff(first, second, List.of(), summaries, ProgressListener.NONE);
    BaselineSummaries kept = new BaselineSummaries(summaries);
    assertThat(kept.read(first, List.of()).orElseThrow().suspects())
        .extracting(Suspect::holder)
        .doesNotContain("a.Leak.SEEN");
    assertThat(kept.read(second, List.of()).orElseThrow().suspects())
        .extracting(Suspect::holder)
        .contains("a.Leak.SEEN");

    assertThat(diff.growingHolders()).isEmpty();
    AnalysisReport ranked =
        HeapAnalyzer.analyze(second, new AnalysisOptions(5, List.of(first)), ProgressListener.NONE);
    assertThat(ranked.suspects()).noneMatch(Suspect::grewSignificantly);

    // one that really appeared still grew: from under 1% to about 3%
    assertThat(
            HeapAnalyzer.diff(first, third, List.of(), summaries, ProgressListener.NONE)
                .growingHolders())
        .extracting(Suspect::holder)
        .containsExactly("a.Leak.SEEN");
    // where the older dump did not list it, the series says so rather than "0 B" (JSON keeps 0)
    AnalysisReport appeared =
        HeapAnalyzer.analyze(third, new AnalysisOptions(5, List.of(first)), ProgressListener.NONE);
    Suspect seen =
        appeared.suspects().stream()
            .filter(x -> x.holder().equals("a.Leak.SEEN"))
            .findFirst()
            .orElseThrow();
    assertThat(seen.retainedSeries().get(0)).isZero();
    StringWriter text = new StringWriter();
    new TextReportWriter().write(appeared, text);
    assertThat(text.toString()).contains("retained in each dump, oldest first: not listed ");
  }

  /** The leak's retained bytes and the reachable heap, with {@code leaked} requests. */
  private long[] leakAndHeap(int cache, int leaked) throws IOException {
    Path probe = ServiceDumps.stableCacheAndLeak(dir.resolve("probe.hprof"), 1, cache, leaked);
    AnalysisReport r = HeapAnalyzer.analyze(probe, new AnalysisOptions(5), ProgressListener.NONE);
    long leak =
        r.dominators().stream()
            .filter(d -> d.className().equals("a.Request[]"))
            .mapToLong(DominatorEntry::retainedBytes)
            .findFirst()
            .orElseThrow();
    return new long[] {leak, r.dump().totalShallowBytes() - r.dump().unreachableBytes()};
  }

  /**
   * Parts under the older dump's 1% were there all along: when the heap shrinks and they reach 1%,
   * the holder's reading gains parts, not bytes. Seen on real JVMs as the JDK's table of open jar
   * files "growing" from one part to six.
   */
  @Test
  void partsThatReachTheShareWhenTheHeapShrinksAreNoGrowth() throws IOException {
    // a.App.BAGS -> five a.Bag, one of 1,000 items (about 2% of the older heap), four of 300
    // (about 0.7% each); a ballast of 4,000 KB, then 1,000 KB, beside them
    Path older = bags(dir.resolve("older.hprof"), 1_000, 4_000, 1);
    Path newer = bags(dir.resolve("newer.hprof"), 2_000, 1_000, 1);
    Path grown = bags(dir.resolve("grown.hprof"), 3_000, 1_000, 3);
    Path summaries = dir.resolve("summaries");

    DiffReport same = HeapAnalyzer.diff(older, newer, List.of(), summaries, ProgressListener.NONE);
    BaselineSummaries kept = new BaselineSummaries(summaries);
    Suspect before = holder(kept.read(older, List.of()).orElseThrow(), "a.Bag.items");
    Suspect after = holder(kept.read(newer, List.of()).orElseThrow(), "a.Bag.items");
    assertThat(before.instances()).isEqualTo(1_000);
    assertThat(after.instances()).isEqualTo(2_200);
    assertThat(after.parts()).hasSize(5);
    assertThat(same.growingHolders()).isEmpty();

    // three times the items in every bag: growth
    assertThat(
            HeapAnalyzer.diff(older, grown, List.of(), summaries, ProgressListener.NONE)
                .growingHolders())
        .extracting(Suspect::holder)
        .containsExactly("a.Bag.items");
  }

  /** The suspects' parts are kept in a summary as the analysis found them. */
  @Test
  void aSummaryKeepsTheParts() throws IOException {
    Path dump = bags(dir.resolve("bags.hprof"), 1_000, 100, 1);
    Path summaries = dir.resolve("summaries");
    AnalysisReport fresh =
        HeapAnalyzer.analyze(dump, new AnalysisOptions(5, List.of(dump)), ProgressListener.NONE);
    HeapAnalyzer.diff(dump, dump, List.of(), summaries, ProgressListener.NONE);
    Suspect kept =
        holder(new BaselineSummaries(summaries).read(dump, List.of()).orElseThrow(), "a.Bag.items");
    assertThat(kept.parts()).hasSize(5).isEqualTo(holder(fresh, "a.Bag.items").parts());
    assertThat(kept.parts()).extracting(SuspectPart::instances).contains(1_000L, 300L);
  }

  private static Suspect holder(AnalysisReport r, String holder) {
    return r.suspects().stream()
        .filter(s -> s.holder().equals(holder))
        .findFirst()
        .orElseThrow(() -> new AssertionError(holder + " in " + r.suspects()));
  }

  /**
   * Five bags of items (one of 1,000 × {@code scale}, four of 300 × {@code scale}) under {@code
   * a.App.BAGS}, and {@code ballastKb} arrays of 1,000 bytes under {@code a.Ballast.DATA}.
   */
  private static Path bags(Path file, long time, int ballastKb, int scale) throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().timestamp(time);
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    ClassHandle ballast = b.defineClass("a.Ballast", b.objectClass());
    ClassHandle bag = b.defineClass("a.Bag", b.objectClass(), FieldSpec.ref("items"));
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("data"));
    for (ClassHandle c : List.of(app, ballast, bag, item)) {
      b.stickyClass(c);
    }
    long[] bags = new long[5];
    for (int k = 0; k < bags.length; k++) {
      long[] items = new long[(k == 0 ? 1_000 : 300) * scale];
      for (int i = 0; i < items.length; i++) {
        items[i] = b.instance(item, b.primitiveArray(new byte[64]).id()).id();
      }
      bags[k] = b.instance(bag, b.objectArray(b.objectClass(), items).id()).id();
    }
    app.staticField(FieldSpec.ref("BAGS"), b.objectArray(b.objectClass(), bags).id());
    long[] data = new long[ballastKb];
    for (int i = 0; i < data.length; i++) {
      data[i] = b.primitiveArray(new byte[1_000]).id();
    }
    ballast.staticField(FieldSpec.ref("DATA"), b.objectArray(b.objectClass(), data).id());
    b.writeTo(file);
    return file;
  }

  /**
   * A holder of the JDK's own that matches nothing older (its data named by another field there) is
   * no leak unless the class histogram shows its instances coming: the JDK's loaders once "grew
   * from nothing" that way, when their accumulation point moved between dumps.
   */
  @Test
  void theJdksOwnHolderGrowsOnlyWithItsClassInTheHistogram() throws IOException {
    Path older = jdkHeld(dir.resolve("older.hprof"), 1_000, "UCP", 200);
    Path moved = jdkHeld(dir.resolve("moved.hprof"), 2_000, "LOADER", 200);
    Path grown = jdkHeld(dir.resolve("grown.hprof"), 3_000, "LOADER", 600);
    Path summaries = dir.resolve("summaries");
    HeapAnalyzer.diff(older, moved, List.of(), summaries, ProgressListener.NONE);
    BaselineSummaries kept = new BaselineSummaries(summaries);
    assertThat(kept.read(older, List.of()).orElseThrow().suspects())
        .extracting(Suspect::holder)
        .contains("java.x.Loader.UCP")
        .doesNotContain("java.x.Loader.LOADER");
    assertThat(kept.read(moved, List.of()).orElseThrow().suspects())
        .extracting(Suspect::holder)
        .contains("java.x.Loader.LOADER");

    assertThat(
            HeapAnalyzer.diff(older, moved, List.of(), summaries, ProgressListener.NONE)
                .growingHolders())
        .isEmpty();
    assertThat(
            HeapAnalyzer.diff(older, grown, List.of(), summaries, ProgressListener.NONE)
                .growingHolders())
        .extracting(Suspect::holder)
        .containsExactly("java.x.Loader.LOADER");
  }

  /**
   * {@code urls} objects of the JDK-named class {@code java.x.Url} under the static field {@code
   * java.x.Loader.<field>}, beside an application's map of 500 entries of 200 bytes.
   */
  private static Path jdkHeld(Path file, long time, String field, int urls) throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().timestamp(time);
    ClassHandle loader = b.defineClass("java.x.Loader", b.objectClass());
    ClassHandle url = b.defineClass("java.x.Url", b.objectClass(), FieldSpec.ref("spec"));
    ClassHandle app = b.defineClass("a.App", b.objectClass());
    for (ClassHandle c : List.of(loader, url, app)) {
      b.stickyClass(c);
    }
    long[] held = new long[urls];
    for (int i = 0; i < held.length; i++) {
      held[i] = b.instance(url, b.primitiveArray(new byte[64]).id()).id();
    }
    loader.staticField(FieldSpec.ref(field), b.objectArray(b.objectClass(), held).id());
    long[] data = new long[500];
    for (int i = 0; i < data.length; i++) {
      data[i] = b.primitiveArray(new byte[200]).id();
    }
    app.staticField(FieldSpec.ref("DATA"), b.objectArray(b.objectClass(), data).id());
    b.writeTo(file);
    return file;
  }
}
