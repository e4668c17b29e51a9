package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A gzip dump ({@code GC.heap_dump -gz=1}) is analyzed exactly like the plain dump of the moment.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class DumpFormatsTest {
  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void gzipAndPlainDumpsOfOneMomentGiveTheSameHistogram(Path home) {
    Jdk jdk = Jdk.require(home);
    // the dumps HistogramMatchesJcmdTest compares with jcmd (CDS on, as users run)
    VariedHeapDumps dumps = VariedHeapDumps.of(jdk, List.of());
    AnalyzedDump plain = dumps.plain();
    AnalyzedDump gzip = dumps.gzip();

    assertThat(HistogramDiff.compareExactly(plain.histogram(), gzip.histogram()))
        .as(
            "classes whose instances or shallow bytes differ (%s):%n%s",
            jdk,
            HistogramDiff.table(
                "plain", "gzip", HistogramDiff.compareExactly(plain.histogram(), gzip.histogram())))
        .isEmpty();
    // Retained sizes and row order too: the whole section is the same.
    assertThat(gzip.section("histogram")).isEqualTo(plain.section("histogram"));
    assertThat(gzip.section("dump").path("gzip").asBoolean()).isTrue();
    assertThat(plain.section("dump").path("gzip").asBoolean()).isFalse();
    for (String count : List.of("objects", "classes", "gcRoots", "totalShallowBytes")) {
      assertThat(gzip.section("dump").path(count))
          .as("dump.%s", count)
          .isEqualTo(plain.section("dump").path(count));
    }
  }

  /**
   * {@code histogram}'s one pass, which keeps nothing per object, counts what {@code analyze}'s
   * index counts: every class's instances and shallow bytes, the objects, the classes and the
   * layout, on the plain and the gzip dump.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theOnePassCensusCountsWhatTheAnalysisCounts(Path home) throws java.io.IOException {
    Jdk jdk = Jdk.require(home);
    VariedHeapDumps dumps = VariedHeapDumps.of(jdk, List.of());
    Path dir = java.nio.file.Files.createTempDirectory("census");
    for (AnalyzedDump analyzed : List.of(dumps.plain(), dumps.gzip())) {
      AnalyzedDump census =
          AnalyzedDump.census(
              analyzed.dump(), dir.resolve(analyzed.dump().getFileName() + ".json"));
      assertThat(HistogramDiff.compareExactly(analyzed.histogram(), census.histogram()))
          .as(
              "%s: classes whose instances or shallow bytes differ:%n%s",
              analyzed.dump(),
              HistogramDiff.table(
                  "analyze",
                  "histogram",
                  HistogramDiff.compareExactly(analyzed.histogram(), census.histogram())))
          .isEmpty();
      for (String field :
          List.of(
              "objects",
              "classes",
              "totalShallowBytes",
              "gzip",
              "idSize",
              "compressedOops",
              "compressedClassPointers",
              "objectAlignment")) {
        assertThat(census.section("dump").path(field))
            .as("%s: dump.%s", analyzed.dump(), field)
            .isEqualTo(analyzed.section("dump").path(field));
      }
      assertThat(census.section("histogram").size())
          .as("one row per class name with instances, as analyze's")
          .isEqualTo(analyzed.section("histogram").size());
    }
  }
}
