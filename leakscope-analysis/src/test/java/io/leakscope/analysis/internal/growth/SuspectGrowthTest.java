package io.leakscope.analysis.internal.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.ServiceDumps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
}
