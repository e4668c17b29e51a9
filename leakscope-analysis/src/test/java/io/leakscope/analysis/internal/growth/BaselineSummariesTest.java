package io.leakscope.analysis.internal.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DiffReport;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.ServiceDumps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A baseline analyzed once is read from its summary afterwards, with the same ranking as a full
 * analysis, and a summary that no longer matches its dump is never trusted. Whether a dump was
 * parsed is seen through the progress it reports: parsing reports phases, a summary one {@code
 * summary} step.
 */
class BaselineSummariesTest {
  @TempDir Path dir;

  /** Records the phases reported, to tell a parsed dump from one read from its summary. */
  private static final class Phases implements ProgressListener {
    final List<String> seen = new ArrayList<>();
    long summaries;

    @Override
    public void update(String phase, long done, long total) {
      if (phase.equals("summary")) {
        summaries++;
      }
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase)) {
        seen.add(phase);
      }
    }

    long summaries() {
      return summaries;
    }
  }

  private Path dump(String name, long time, int leaked) throws IOException {
    return ServiceDumps.stableCacheAndLeak(dir.resolve(name), time, 500, leaked);
  }

  private static List<String> ranking(AnalysisReport r) {
    List<String> out = new ArrayList<>();
    for (Suspect s : r.suspects()) {
      out.add(
          s.rank()
              + " "
              + s.holder()
              + " "
              + s.accumulatedClass()
              + " "
              + s.retainedBytes()
              + " "
              + s.growthBytes()
              + " "
              + s.retainedSeries()
              + " "
              + s.trend()
              + " "
              + s.explanation());
    }
    return out;
  }

  @Test
  void aBaselineIsAnalyzedOnceAndRankedTheSameFromItsSummary() throws IOException {
    Path first = dump("1.hprof", 1_000, 30);
    Path second = dump("2.hprof", 2_000, 60);
    Path third = dump("3.hprof", 3_000, 90);
    Path cache = dir.resolve("cache");
    AnalysisOptions plain = new AnalysisOptions(5, List.of(first, second));
    AnalysisReport expected = HeapAnalyzer.analyze(third, plain, ProgressListener.NONE);

    Phases cold = new Phases();
    AnalysisReport firstRun = HeapAnalyzer.analyze(third, plain.withSummaryDirectory(cache), cold);
    assertThat(cold.summaries()).isZero();
    // one summary per baseline, one for the newest dump
    try (var files = Files.list(cache)) {
      assertThat(files.filter(f -> f.toString().endsWith(".summary"))).hasSize(3);
    }

    Phases warm = new Phases();
    AnalysisReport secondRun = HeapAnalyzer.analyze(third, plain.withSummaryDirectory(cache), warm);
    assertThat(warm.summaries()).isEqualTo(2);
    assertThat(ranking(firstRun)).isEqualTo(ranking(expected));
    assertThat(ranking(secondRun)).isEqualTo(ranking(expected));
    assertThat(secondRun.baselines()).isEqualTo(expected.baselines());
    // the main class the dumps name comes back from their summaries
    assertThat(secondRun.baselines()).extracting(DumpSummary::mainClass).containsOnly("a.Main");
    assertThat(ranking(secondRun).get(0)).contains("a.Leak.SEEN");

    // the newest of several leaves the summary a comparison would: the next dump uses it
    Path fourth = dump("4.hprof", 4_000, 120);
    Phases next = new Phases();
    AnalysisReport later =
        HeapAnalyzer.analyze(
            fourth,
            new AnalysisOptions(5, List.of(second, third)).withSummaryDirectory(cache),
            next);
    assertThat(next.summaries()).isEqualTo(2);
    assertThat(ranking(later))
        .isEqualTo(
            ranking(
                HeapAnalyzer.analyze(
                    fourth,
                    new AnalysisOptions(5, List.of(second, third)),
                    ProgressListener.NONE)));
  }

  @Test
  void aChangedDumpIsAnalyzedAgain() throws IOException {
    Path older = dump("old.hprof", 1_000, 30);
    Path newer = dump("new.hprof", 2_000, 60);
    Path cache = dir.resolve("cache");
    AnalysisOptions options = new AnalysisOptions(5, List.of(older)).withSummaryDirectory(cache);
    HeapAnalyzer.analyze(newer, options, ProgressListener.NONE);

    // the same name, another dump (more leaked), its time set back to the old one's
    FileTime time = Files.getLastModifiedTime(older);
    dump("old.hprof", 1_000, 10);
    Files.setLastModifiedTime(older, time);
    Phases phases = new Phases();
    AnalysisReport r = HeapAnalyzer.analyze(newer, options, phases);
    assertThat(phases.summaries()).as("size changed: %s", phases.seen).isZero();
    AnalysisReport truth =
        HeapAnalyzer.analyze(newer, new AnalysisOptions(5, List.of(older)), ProgressListener.NONE);
    assertThat(ranking(r)).isEqualTo(ranking(truth));

    // same size, another modification time
    Files.setLastModifiedTime(older, FileTime.fromMillis(time.toMillis() + 2_000));
    Phases touched = new Phases();
    HeapAnalyzer.analyze(newer, options, touched);
    assertThat(touched.summaries()).as("time changed").isZero();
  }

  @Test
  void otherLibraryPackagesOrADamagedSummaryAreNotTrusted() throws IOException {
    Path older = dump("old.hprof", 1_000, 30);
    Path newer = dump("new.hprof", 2_000, 60);
    Path cache = dir.resolve("cache");
    BaselineSummaries summaries = new BaselineSummaries(cache);
    HeapAnalyzer.analyze(
        newer,
        new AnalysisOptions(5, List.of(older)).withSummaryDirectory(cache),
        ProgressListener.NONE);
    assertThat(summaries.read(older, List.of())).isPresent();
    assertThat(summaries.read(older, List.of("a"))).isEmpty();

    Path file = summaries.fileFor(older);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    // cut short: no closing line
    Files.write(file, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
    assertThat(summaries.read(older, List.of())).isEmpty();
    // a number that is not one
    List<String> bad = new ArrayList<>(lines);
    bad.set(2, bad.get(2).replaceFirst("\t\\d+\t", "\tx\t"));
    Files.write(file, bad, StandardCharsets.UTF_8);
    assertThat(summaries.read(older, List.of())).isEmpty();
    // another format version
    List<String> future = new ArrayList<>(lines);
    future.set(0, "leakscope-baseline-summary " + (BaselineSummaries.FORMAT + 1));
    Files.write(file, future, StandardCharsets.UTF_8);
    assertThat(summaries.read(older, List.of())).isEmpty();
  }

  @Test
  void aSummaryOfAnotherBuildIsNotTrusted() throws IOException {
    Path older = dump("old.hprof", 1_000, 30);
    Path newer = dump("new.hprof", 2_000, 60);
    Path cache = dir.resolve("cache");
    HeapAnalyzer.analyze(
        newer,
        new AnalysisOptions(5, List.of(older)).withSummaryDirectory(cache),
        ProgressListener.NONE);
    assertThat(new BaselineSummaries(cache).read(older, List.of())).isPresent();
    assertThat(new BaselineSummaries(cache, BuildIdentity.get()).read(older, List.of()))
        .isPresent();
    assertThat(new BaselineSummaries(cache, "0123456789abcdef").read(older, List.of())).isEmpty();
  }

  @Test
  void theBuildIdentityFollowsEveryByteAndNameOfTheCode() throws IOException {
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes.resolve("a"));
    Files.write(classes.resolve("a/B.class"), new byte[] {1, 2, 3});
    Files.write(classes.resolve("C.class"), new byte[] {4});
    String first = BuildIdentity.hashOf(classes);
    assertThat(first).hasSize(16).isEqualTo(BuildIdentity.hashOf(classes));
    Files.write(classes.resolve("a/B.class"), new byte[] {1, 2, 4});
    String changed = BuildIdentity.hashOf(classes);
    assertThat(changed).isNotEqualTo(first);
    Files.move(classes.resolve("C.class"), classes.resolve("D.class"));
    assertThat(BuildIdentity.hashOf(classes)).isNotIn(first, changed);
    Path jar = dir.resolve("x.jar");
    Files.write(jar, new byte[] {1, 2, 3});
    String jarId = BuildIdentity.hashOf(jar);
    Files.write(jar, new byte[] {1, 2, 3, 0});
    assertThat(BuildIdentity.hashOf(jar)).isNotEqualTo(jarId);
    // the running build: the test's own classes directory, a hash, not a random identity
    assertThat(BuildIdentity.get()).matches("[0-9a-f]{16}");
  }

  @Test
  void diffReusesSummariesOfBothSides() throws IOException {
    Path older = dump("old.hprof", 1_000, 30);
    Path newer = dump("new.hprof", 2_000, 60);
    Path cache = dir.resolve("cache");
    DiffReport truth = HeapAnalyzer.diff(older, newer, ProgressListener.NONE);
    HeapAnalyzer.diff(older, newer, List.of(), cache, ProgressListener.NONE);
    Phases phases = new Phases();
    DiffReport warm = HeapAnalyzer.diff(older, newer, List.of(), cache, phases);
    assertThat(phases.summaries()).isEqualTo(2);
    assertThat(warm.classes()).isEqualTo(truth.classes());
    assertThat(warm.growingHolders())
        .extracting(Suspect::holder)
        .isEqualTo(truth.growingHolders().stream().map(Suspect::holder).toList());
    assertThat(warm.growingHolders())
        .extracting(Suspect::growthBytes)
        .isEqualTo(truth.growingHolders().stream().map(Suspect::growthBytes).toList());
  }

  @Test
  void escapingRoundTrips() {
    for (String s : List.of("", "a\tb", "x\\ny", "\\", "line\nbreak\r", "ünï\\t")) {
      assertThat(BaselineSummaries.unescape(BaselineSummaries.escape(s))).isEqualTo(s);
      assertThat(BaselineSummaries.escape(s)).doesNotContain("\t", "\n", "\r");
    }
  }
}
