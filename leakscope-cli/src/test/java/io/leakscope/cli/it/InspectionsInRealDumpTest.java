package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leakscope.cli.it.programs.WasteProgram;
import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In a real JVM's dump, the waste a program planted is found with at least the planted counts and
 * is held by the static fields that hold it, through the lists around it; and the report is the
 * same every run, on two threads or one.
 */
// runs alone (junit-platform.properties)
@Isolated
class InspectionsInRealDumpTest {
  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void plantedWasteIsReportedWithItsStaticFields(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump;
    try (ChildJvm child = ChildJvm.start(jdk, WasteProgram.class, List.of())) {
      dump = child.heapDump(dir.resolve("waste.hprof"), false);
    }
    AnalyzedDump analyzed = AnalyzedDump.analyze(dump, dir.resolve("waste.json"));
    JsonNode inspections = analyzed.section("inspections");
    String program = WasteProgram.class.getName();

    JsonNode names = holder(inspections, "duplicate-strings", program + ".NAMES");
    assertThat(names.path("objects").asLong()).as("copies in %s", jdk).isGreaterThanOrEqualTo(5000);
    assertThat(names.path("example").asText()).isEqualTo("customer-status-pending");
    assertThat(names.path("wastedBytes").asLong()).isPositive();

    JsonNode drained = holder(inspections, "empty-collections", program + ".DRAINED");
    assertThat(drained.path("objects").asLong())
        .as("empty lists in %s", jdk)
        .isGreaterThanOrEqualTo(3000);
    assertThat(drained.path("example").asText()).isEqualTo("java.util.ArrayList, capacity 10");

    JsonNode samples = holder(inspections, "boxed-collections", program + ".SAMPLES");
    assertThat(samples.path("objects").asLong())
        .as("boxes in %s", jdk)
        .isGreaterThanOrEqualTo(10_000);
    assertThat(samples.path("example").asText())
        .isEqualTo("java.util.ArrayList of 10,000 java.lang.Long");

    // most wasted bytes first, each inspection's total at least that of its holders
    for (int i = 0; i < inspections.size(); i++) {
      JsonNode inspection = inspections.get(i);
      if (i > 0) {
        assertThat(inspection.path("wastedBytes").asLong())
            .isLessThanOrEqualTo(inspections.get(i - 1).path("wastedBytes").asLong());
      }
      long holders = 0;
      for (JsonNode h : inspection.path("holders")) {
        holders += h.path("wastedBytes").asLong();
      }
      assertThat(inspection.path("wastedBytes").asLong()).isGreaterThanOrEqualTo(holders);
    }
    sameReportEveryRunAndOnOneThread(jdk, dump, analyzed.json(), dir);
  }

  /**
   * The holder named {@code holder} of the inspection of {@code kind}; fails if either is missing.
   */
  private static JsonNode holder(JsonNode inspections, String kind, String holder) {
    for (JsonNode inspection : inspections) {
      if (inspection.path("kind").asText().equals(kind)) {
        for (JsonNode h : inspection.path("holders")) {
          if (h.path("holder").asText().equals(holder)) {
            return h;
          }
        }
        throw new AssertionError(holder + " not among the holders of " + inspection);
      }
    }
    throw new AssertionError(kind + " not among " + inspections);
  }

  /**
   * The analysis runs independent passes on two threads; the report must not depend on that: the
   * same dump analyzed again, and analyzed on one thread, gives the same report but for the times.
   * Nor on the form of the graph: with its targets in chunks of 16 (as a graph of more than 2^31
   * references keeps them, here with lists across chunk ends all over), the report is the same.
   */
  private static void sameReportEveryRunAndOnOneThread(
      Jdk jdk, Path dump, JsonNode report, Path dir) {
    JsonNode first = withoutTimings(report);
    JsonNode second = withoutTimings(AnalyzedDump.analyze(dump, dir.resolve("again.json")).json());
    JsonNode sequential = withProperty(THREADS, "1", dump, dir.resolve("one.json"));
    JsonNode chunked = withProperty(EDGE_CHUNK_BITS, "4", dump, dir.resolve("chunks.json"));
    assertThat(second).as("a second run on %s", jdk).isEqualTo(first);
    assertThat(sequential).as("one thread on %s", jdk).isEqualTo(first);
    assertThat(chunked).as("the graph in chunks on %s", jdk).isEqualTo(first);
  }

  /** The report, without its times, of an analysis with a system property set for its length. */
  private static JsonNode withProperty(String name, String value, Path dump, Path json) {
    String before = System.getProperty(name);
    System.setProperty(name, value);
    try {
      return withoutTimings(AnalyzedDump.analyze(dump, json).json());
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }

  private static final String THREADS = "leakscope.analysis.threads";

  /** The heap module's test switch for the graph's chunks ({@code HeapIndexBuilder}). */
  private static final String EDGE_CHUNK_BITS = "leakscope.heap.edgeChunkBits";

  private static JsonNode withoutTimings(JsonNode report) {
    JsonNode copy = report.deepCopy();
    ((ObjectNode) copy).remove("timings");
    return copy;
  }
}
