package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.Main;
import io.leakscope.cli.it.programs.ClassValueCacheProgram;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Memory that a live dump shows as unreachable because the graph leaves out what holds it (what
 * HotSpot does not write, soft references): the report says what it hangs from, and what such
 * memory is.
 */
class UnreachableInRealDumpTest {

  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  /**
   * The values of a {@code ClassValue} hang from their classes' {@code ClassValue} maps, which
   * nothing in the dump references: the program's 100 tables of 64 KB are under that start.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aClassValuesTablesHangFromTheClassValueMapsOfTheirClasses(Path home, @TempDir Path dir)
      throws IOException {
    Jdk jdk = Jdk.require(home);
    Path dump;
    try (ChildJvm child = ChildJvm.start(jdk, ClassValueCacheProgram.class, List.of())) {
      dump = child.heapDump(dir.resolve("tables.hprof"), false);
    }
    JsonNode summary = AnalyzedDump.analyze(dump, dir.resolve("tables.json")).section("dump");
    long tables = (long) ClassValueCacheProgram.CLASSES * ClassValueCacheProgram.TABLE_BYTES;
    assertThat(summary.path("unreachableBytes").asLong()).isGreaterThanOrEqualTo(tables);
    JsonNode maps = null;
    for (JsonNode start : summary.path("unreachableFrom")) {
      if (start.path("className").asText().equals("java.lang.ClassValue$ClassValueMap")) {
        maps = start;
      }
    }
    assertThat(maps).as("%s", summary.path("unreachableFrom")).isNotNull();
    assertThat(maps.path("starts").asLong()).isGreaterThanOrEqualTo(ClassValueCacheProgram.CLASSES);
    assertThat(maps.path("objects").asLong())
        .isGreaterThanOrEqualTo(2L * ClassValueCacheProgram.CLASSES); // a map and its table
    assertThat(maps.path("bytes").asLong()).isGreaterThanOrEqualTo(tables);
    // nothing refers to a ClassValue map: a field of the class object holds it
    assertThat(maps.path("softlyReferenced").asLong()).isZero();
    assertThat(maps.path("weaklyReferenced").asLong()).isZero();
    // the softly referenced buffer is a start of its own, counted as such
    JsonNode soft = null;
    for (JsonNode start : summary.path("unreachableFrom")) {
      if (start.path("className").asText().equals("byte[]")
          && start.path("softlyReferenced").asLong() >= 1) {
        soft = start;
      }
    }
    assertThat(soft).as("%s", summary.path("unreachableFrom")).isNotNull();
    assertThat(soft.path("bytes").asLong())
        .isGreaterThanOrEqualTo(ClassValueCacheProgram.SOFT_BYTES);
    // the biggest start: the tables are most of what is unreachable
    assertThat(summary.path("unreachableFrom").get(0).path("className").asText())
        .isEqualTo("java.lang.ClassValue$ClassValueMap");

    StringWriter out = new StringWriter();
    Path text = dir.resolve("tables.txt");
    int exit =
        Main.execute(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "analyze",
            dump.toString(),
            "--output",
            text.toString(),
            "--quiet");
    assertThat(exit).isZero();
    assertThat(Files.readString(text))
        .contains("the unreachable hang from objects no strong reference in the dump refers to")
        .containsPattern("\\d+ x java\\.lang\\.ClassValue\\$ClassValueMap\\n")
        .containsPattern("\\d+ x byte\\[\\], referred to \\d+ by soft references\\n")
        .contains("or by what HotSpot does not write to the dump");
  }
}
