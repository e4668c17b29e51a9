package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The histogram of a real heap dump equals {@code jcmd GC.class_histogram} of the same moment:
 * instances of every class exactly, shallow bytes of every class but {@code java.lang.Class}
 * exactly. Run on each JDK, with class data sharing on (as users run) and off, on plain and gzip
 * dumps, for {@code analyze} and for the one-pass census of {@code histogram}.
 *
 * <p>Known differences between the two views of one heap are accounted for one by one below, each
 * as narrowly as it was observed.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class HistogramMatchesJcmdTest {
  /**
   * G1 on JDK 21+ fills dead space it does not compact with arrays of this class; jcmd counts them
   * under this name, the dump writes them as unreachable {@code int[]} of the same size (observed
   * with CDS on, JDK 25.0.3: 276 fillers of 7152 bytes, and the dump's {@code int[]} row was
   * exactly jcmd's {@code int[]} plus them).
   */
  static final String G1_FILLER_ARRAY = "jdk.internal.vm.FillerElement[]";

  static final String CLASS_MIRROR = "java.lang.Class";

  /**
   * Class data sharing and the collector of the child JVM: the default (G1, CDS on), CDS off, and
   * ZGC (no compressed references at all, objects in pages by size class; CDS on).
   */
  enum Cds {
    ON(List.of()),
    OFF(List.of("-Xshare:off")),
    ZGC(List.of("-XX:-UseG1GC", "-XX:+UseZGC"));

    final List<String> options;

    Cds(List<String> options) {
      this.options = options;
    }
  }

  static Stream<Arguments> jdksAndCds() {
    return Jdk.candidateHomes().stream()
        .flatMap(home -> Stream.of(Cds.values()).map(cds -> Arguments.of(home, cds)));
  }

  @ParameterizedTest(name = "{0}, CDS {1}")
  @MethodSource("jdksAndCds")
  void histogramOfEveryClassEqualsJcmdClassHistogram(Path home, Cds cds) {
    Jdk jdk = Jdk.require(home);
    VariedHeapDumps shared = VariedHeapDumps.of(jdk, cds.options);
    IdleDumps dumps = shared.dumps();
    ClassHistogram jcmd = dumps.histogram();
    ClassHistogram expected = jcmd.fold(G1_FILLER_ARRAY, "int[]");

    List<String> failures = new ArrayList<>();
    Path censusDir = shared.plain().dump().resolveSibling("census-" + cds);
    try {
      java.nio.file.Files.createDirectories(censusDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<AnalyzedDump> reports =
        List.of(
            shared.plain(),
            shared.gzip(),
            AnalyzedDump.census(shared.plain().dump(), censusDir.resolve("plain.json")),
            AnalyzedDump.census(shared.gzip().dump(), censusDir.resolve("gzip.json")));
    for (AnalyzedDump analyzed : reports) {
      Path dump = analyzed.dump();
      ClassHistogram ours = analyzed.histogram();
      System.out.printf(
          "%s, CDS %s, %s: jcmd %d classes, %s %s, %s %s; leakscope %d classes, %s %s%n",
          jdk,
          cds,
          dump.getFileName(),
          jcmd.rows().size(),
          CLASS_MIRROR,
          jcmd.get(CLASS_MIRROR),
          G1_FILLER_ARRAY,
          jcmd.get(G1_FILLER_ARRAY),
          ours.rows().size(),
          CLASS_MIRROR,
          ours.get(CLASS_MIRROR));
      List<HistogramDiff.Line> differences =
          HistogramDiff.compare(expected, ours, (name, line) -> agree(cds, name, line));
      if (!differences.isEmpty()) {
        failures.add(
            String.format(
                "%s of %s (%s, CDS %s) differs from jcmd GC.class_histogram in %d classes%s:%n%s",
                analyzed.json().has("suspects") ? "analyze" : "histogram",
                dump.getFileName(),
                jdk,
                cds,
                differences.size(),
                jcmd.find(G1_FILLER_ARRAY).isPresent()
                    ? " (jcmd's " + G1_FILLER_ARRAY + " counted as int[])"
                    : "",
                HistogramDiff.table("jcmd", "leakscope", differences)));
      }
    }
    assertThat(failures).as("histogram differences").isEmpty();
  }

  private static boolean agree(Cds cds, String className, HistogramDiff.Line line) {
    if (!className.equals(CLASS_MIRROR)) {
      return line.expected().equals(line.actual());
    }
    // jcmd sizes a class mirror with its static fields and VM-internal data, which the dump does
    // not describe: only the number of mirrors is compared.
    long jcmdMirrors = line.expected().instances();
    long ourMirrors = line.actual().instances();
    if (cds == Cds.OFF || cds == Cds.ZGC) {
      // ZGC maps no archived mirrors (observed: JDK 17.0.15 670 = 670, JDK 25.0.3 825 = 825)
      return ourMirrors == jcmdMirrors;
    }
    // With CDS, the heap also holds the archived mirrors of classes that are mapped but not loaded;
    // jcmd counts them, the dump has no record of them (observed: JDK 17.0.15 1463 mirrors in jcmd,
    // 648 classes + 9 primitive mirrors in the dump; with -Xshare:off 666 = 657 + 9 exactly).
    return ourMirrors > 0 && ourMirrors <= jcmdMirrors;
  }
}
