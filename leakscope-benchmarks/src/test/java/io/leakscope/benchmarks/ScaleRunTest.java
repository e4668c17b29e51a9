package io.leakscope.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.leakscope.testing.hprof.ScaleDump;
import io.leakscope.watchdog.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScaleRun} on a small generated dump (about 100,000 objects): the analysis in its own JVM
 * with the launcher's options finds every answer of the dump's construction, and the table has its
 * measurements; the same report against another construction's answers does not match.
 */
class ScaleRunTest {
  @TempDir Path dir;

  @Test
  void aSmallGeneratedDumpIsAnalyzedToTheAnswersOfItsConstruction() throws Exception {
    boolean cli;
    try {
      Class.forName("io.leakscope.cli.Main");
      cli = true;
    } catch (ClassNotFoundException e) {
      cli = false;
    }
    // only a CLI that is not there skips: built with -Dleakscope.benchmarks.noCli
    assumeThat(cli).as("the CLI is not on the class path; skipping ScaleRun's test").isTrue();
    ScaleDump.Shape shape = ScaleDump.Shape.of(50_000, 16, 100, 100);
    Path dump = dir.resolve("scale.hprof");
    Path report = dir.resolve("scale.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    boolean matches =
        ScaleRun.run(
            shape,
            dump,
            report,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(log, true, StandardCharsets.UTF_8));

    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(matches).as("%s%n%s", table, log).isTrue();
    assertThat(table)
        .contains("every answer matches: yes")
        .containsPattern("\\| peak RSS \\| [0-9,]+ MiB \\(")
        .containsPattern("\\| at the highest sample \\| [0-9,]+ MiB: [0-9,]+ anonymous, ")
        .contains("| scale.Session instances | 50,000 | 50,000 |")
        .contains("| first suspect | scale.Registry.SESSIONS / scale.Session |");

    // the same report against the answers of a dump with one more session: not a match
    ScaleDump.Answers other = ScaleDump.Shape.of(50_001, 16, 100, 100).answers();
    Map<String, String[]> checks =
        ScaleRun.checks(other, other.instanceObjects(), JsonReader.parse(Files.readString(report)));
    assertThat(checks.values().stream().allMatch(c -> c[0].equals(c[1]))).isFalse();
    assertThat(checks.get("scale.Session instances")).containsExactly("50,000", "50,001");
  }
}
