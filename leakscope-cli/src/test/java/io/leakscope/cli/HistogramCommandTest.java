package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leakscope histogram}: the text and JSON reports say the same, sizes follow from the
 * builder's layout, and user mistakes are one-line usage errors.
 */
class HistogramCommandTest {
  @TempDir Path dir;
  private Path dump;

  @BeforeEach
  void buildDump() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create(); // compressed oops: 12-byte headers, 4-byte refs
    ClassHandle node = b.defineClass("a.Node", b.objectClass(), FieldSpec.ref("next"));
    long previous = 0;
    for (int i = 0; i < 5; i++) {
      previous = b.instance(node, previous).id(); // 12 + 4 = 16 bytes each
    }
    for (int i = 0; i < 3; i++) {
      b.primitiveArray(HprofTag.TYPE_LONG, 300); // 16 + 2400 = 2416 bytes each
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, previous);
    dump = dir.resolve("d.hprof");
    b.writeTo(dump);
  }

  private record Row(String name, long instances, long bytes) {}

  /** The rows of the text report's table. */
  private static List<Row> textRows(String text) {
    Matcher m = Pattern.compile("(?m)^ +\\d+: +(\\d+) +(\\d+) +\\([^)]*\\) +(\\S+)$").matcher(text);
    List<Row> rows = new ArrayList<>();
    while (m.find()) {
      rows.add(new Row(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }
    return rows;
  }

  @Test
  void textAndJsonListEveryClassWithItsInstancesAndBytes() throws IOException {
    CliRun text = CliRun.of("histogram", dump.toString(), "--quiet");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.err()).isEmpty();
    List<Row> rows = textRows(text.out());
    assertThat(rows).contains(new Row("long[]", 3, 3 * 2416), new Row("a.Node", 5, 5 * 16));
    assertThat(text.out())
        .contains("leakscope class histogram")
        .contains("(reachable or not: no object graph here)")
        .contains("compressed oops");

    Path json = dir.resolve("h.json");
    CliRun run = CliRun.of("histogram", dump.toString(), "-f", "json", "-o", json.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    List<Row> fromJson = rows(report);
    assertThat(fromJson).as("the same rows, in the same order").isEqualTo(rows);
    long objects = fromJson.stream().mapToLong(Row::instances).sum();
    assertThat(report.required("dump").required("objects").asLong()).isEqualTo(objects);
    assertThat(report.required("dump").required("totalShallowBytes").asLong())
        .isEqualTo(fromJson.stream().mapToLong(Row::bytes).sum());
    assertThat(report.required("schemaVersion").asInt()).isEqualTo(1);

    CliRun top = CliRun.of("histogram", dump.toString(), "--top", "1", "-q");
    assertThat(textRows(top.out())).containsExactly(rows.get(0));
    assertThat(top.out()).contains("top 1 of " + rows.size());
  }

  @Test
  void mistakesAreUsageErrorsAndABadDumpIsExitCode3() throws IOException {
    for (List<String> args :
        List.of(
            List.of("histogram", dump.toString(), "--format", "html"),
            List.of("histogram", dump.toString(), "--top", "0"),
            List.of("histogram", dir.resolve("none.hprof").toString()),
            List.of("histogram", dir.toString()),
            List.of("histogram", dump.toString(), "-o", dir.resolve("no/such/x.txt").toString()))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.exitCode()).as("%s: %s", args, run.err()).isEqualTo(Main.EXIT_USAGE);
      assertThat(run.err()).as("%s", args).doesNotContain("Exception").doesNotContain("\tat ");
    }
    // an output that is a directory, and one in a directory that does not exist, are told apart
    assertThat(CliRun.of("histogram", dump.toString(), "-o", dir.toString()).err())
        .contains("--output: " + dir + " is a directory")
        .doesNotContain("does not exist");
    assertThat(
            CliRun.of("histogram", dump.toString(), "-o", dir.resolve("no/x.txt").toString()).err())
        .contains("--output: directory " + dir.resolve("no") + " does not exist");
    byte[] bytes = Files.readAllBytes(dump);
    Path cut = dir.resolve("cut.hprof");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 7));
    CliRun run = CliRun.of("histogram", cut.toString(), "-q");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_BAD_DUMP);
    assertThat(run.err())
        .startsWith("leakscope: bad heap dump " + cut)
        .contains("use --lenient to count what was written")
        .doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  /**
   * A dump cut in the middle of its heap is counted with --lenient up to its last complete record:
   * the same classes, instances and bytes as {@code analyze --lenient} finds in it.
   */
  @Test
  void aTruncatedDumpIsCountedWithLenientAsAnalyzeCountsIt() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().objectsPerSegment(50);
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.of("v", long.class));
    for (int i = 0; i < 2_000; i++) {
      b.instance(item, (long) i);
      if (i % 3 == 0) {
        b.primitiveArray(HprofTag.TYPE_INT, i % 50);
      }
    }
    byte[] bytes = b.toByteArray();
    Path cut = dir.resolve("cut.hprof");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));

    Path counted = dir.resolve("counted.json");
    CliRun run =
        CliRun.of("histogram", cut.toString(), "--lenient", "-f", "json", "-o", counted.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path analyzed = dir.resolve("analyzed.json");
    CliRun analyze =
        CliRun.of(
            "analyze", cut.toString(), "--lenient", "-f", "json", "-o", analyzed.toString(), "-q");
    assertThat(analyze.exitCode()).as(analyze.err()).isZero();

    ObjectMapper json = new ObjectMapper();
    JsonNode census = json.readTree(counted.toFile());
    JsonNode report = json.readTree(analyzed.toFile());
    assertThat(rows(census)).isEqualTo(rows(report));
    long items =
        rows(census).stream()
            .filter(r -> r.name().equals("a.Item"))
            .findFirst()
            .orElseThrow()
            .instances();
    assertThat(items).as("some items, not all").isBetween(1L, 1_999L);
    // the same cut; only the analysis has roots to stand in for (the histogram needs none)
    ObjectNode analyzedCut = report.required("dump").required("truncated").deepCopy();
    assertThat(analyzedCut.remove("rootsStandIn").asBoolean()).isTrue();
    JsonNode countedCut = census.required("dump").required("truncated");
    assertThat(countedCut).isEqualTo(analyzedCut.put("rootsStandIn", false));
    assertThat(census.required("dump").required("truncated").isObject()).isTrue();

    CliRun text = CliRun.of("histogram", cut.toString(), "--lenient", "-q");
    assertThat(text.out())
        .startsWith("leakscope class histogram")
        .contains("TRUNCATED DUMP")
        .contains("counted the complete records up to 0x");
  }

  /** The {@code histogram} rows of a JSON report, analyze's or histogram's. */
  private static List<Row> rows(JsonNode report) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode r : report.required("histogram")) {
      rows.add(
          new Row(
              r.required("className").asText(),
              r.required("instances").asLong(),
              r.required("shallowBytes").asLong()));
    }
    return rows;
  }
}
