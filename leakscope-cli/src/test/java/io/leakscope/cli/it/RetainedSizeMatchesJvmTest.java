package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.leakscope.cli.it.AnalyzedDump.Dominator;
import io.leakscope.cli.it.ClassHistogram.Row;
import io.leakscope.cli.it.programs.RetainedMapProgram;
import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retained size of an object equals what the JVM really frees when the object becomes
 * unreachable. The program holds a map in a static field; the JVM's own class histograms before and
 * after the program clears that field give the freed bytes class by class, and leakscope's retained
 * size of the map, computed from a dump of the moment before, must be exactly their sum.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class RetainedSizeMatchesJvmTest {
  static final String MAP_FIELD = "static " + RetainedMapProgram.class.getName() + ".MAP";

  /** Entries the program puts in the map: each has one key, value, name String and payload. */
  static final int ENTRIES = 4000;

  static final String KEY_CLASS = RetainedMapProgram.class.getName() + "$Key";

  /** Every JDK found, with G1 (the default) and with ZGC (no compressed oops). */
  static Stream<Arguments> jdksAndCollectors() {
    return Jdk.candidateHomes().stream()
        .flatMap(
            home ->
                Stream.of(
                    Arguments.of(home, "G1", List.of()),
                    Arguments.of(home, "ZGC", List.of("-XX:-UseG1GC", "-XX:+UseZGC"))));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("jdksAndCollectors")
  void retainedSizeOfStaticMapIsWhatTheJvmFreesWhenItIsReleased(
      Path home, String collector, List<String> options, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Measurement measured;
    try (ChildJvm child = ChildJvm.start(jdk, RetainedMapProgram.class, options)) {
      measured = Measurement.take(child, dir);
    }
    ClassHistogram held = measured.held();
    ClassHistogram released = measured.released();
    Path dump = measured.dump();

    Map<String, Row> freed = freedByClass(held, released);
    String freedTable = table(freed);
    assertThat(freed.getOrDefault(KEY_CLASS, ClassHistogram.NONE).instances())
        .as("keys the JVM freed once MAP was cleared; freed:%n%s", freedTable)
        .isEqualTo(ENTRIES);
    assertThat(freed.values())
        .as(
            "no class grew between the histograms (else the program was not idle); freed:%n%s",
            freedTable)
        .allSatisfy(row -> assertThat(row.instances()).isNotNegative());
    long freedBytes = freed.values().stream().mapToLong(Row::bytes).sum();

    AnalyzedDump report = AnalyzedDump.analyze(dump, dir.resolve("held.json"), "--top", "500");
    List<Dominator> dominators = report.dominators();
    List<Dominator> heldByField =
        dominators.stream().filter(d -> d.pathFromGcRoot().equals(List.of(MAP_FIELD))).toList();
    if (heldByField.size() != 1) {
      fail(
          "expected one dominator with path [%s] among %d reported; maps and paths mentioning"
              + " MAP:%n%s",
          MAP_FIELD,
          dominators.size(),
          dominators.stream()
              .filter(
                  d ->
                      d.className().equals("java.util.HashMap")
                          || String.valueOf(d.pathFromGcRoot()).contains("MAP"))
              .map(Dominator::toString)
              .collect(Collectors.joining("\n")));
    }
    Dominator map = heldByField.get(0);
    System.out.printf(
        "%s: JVM freed %d bytes after MAP = null; leakscope retained size of %s %s: %d%n",
        jdk, freedBytes, map.className(), map.objectId(), map.retainedBytes());
    assertThat(map.className()).isEqualTo("java.util.HashMap");
    assertThat(map.retainedBytes())
        .as(
            "retained size of %s (%s) vs bytes the JVM freed when it was released:%n%s",
            MAP_FIELD, jdk, freedTable)
        .isEqualTo(freedBytes);
  }

  /**
   * A dump of the program holding the map, the class histogram of that moment, and the class
   * histogram after the program released the map.
   */
  record Measurement(Path dump, ClassHistogram held, ClassHistogram released) {
    /**
     * Histogram, dump, histogram (once more if the two differ: the program was not idle), then
     * {@code release} and a last histogram.
     */
    static Measurement take(ChildJvm child, Path dir) {
      List<HistogramDiff.Line> unsteady = List.of();
      for (int attempt = 1; attempt <= 2; attempt++) {
        ClassHistogram before = child.settledClassHistogram();
        Path dump = child.heapDump(dir.resolve("held" + attempt + ".hprof"), false);
        ClassHistogram after = child.classHistogram();
        unsteady = HistogramDiff.compareExactly(before, after);
        if (unsteady.isEmpty()) {
          child.send("release");
          return new Measurement(dump, after, child.classHistogram());
        }
      }
      return fail(
          "%s was not idle: histograms around the dump differ twice:%n%s",
          child, HistogramDiff.table("before", "after", unsteady));
    }
  }

  /**
   * Instances and bytes per class in {@code held} but not in {@code released}. G1's filler arrays
   * are left out: they are dead space, not objects, and a full GC that compacts a region removes
   * them (observed on JDK 25: 5 fewer fillers, 27032 bytes, after the release).
   */
  static Map<String, Row> freedByClass(ClassHistogram held, ClassHistogram released) {
    Map<String, Row> freed = new TreeMap<>();
    for (HistogramDiff.Line line :
        HistogramDiff.compareExactly(
            held.without(HistogramMatchesJcmdTest.G1_FILLER_ARRAY),
            released.without(HistogramMatchesJcmdTest.G1_FILLER_ARRAY))) {
      freed.put(line.className(), line.expected().minus(line.actual()));
    }
    return freed;
  }

  private static String table(Map<String, Row> freed) {
    return freed.entrySet().stream()
        .map(
            e ->
                String.format(
                    "%-70s %8d %12d", e.getKey(), e.getValue().instances(), e.getValue().bytes()))
        .collect(
            Collectors.joining(
                "\n", String.format("%-70s %8s %12s%n", "class", "freed #", "freed bytes"), ""));
  }
}
