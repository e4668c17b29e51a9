package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it, through the real analyzer. */
class MainTest {
  @TempDir Path dir;

  @Test
  void helpListsTheCommandsAndSucceeds() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).contains("Usage: leakscope", "analyze", "Exit codes");
    // picocli wraps the footer
    assertThat(run.out().replaceAll("\\s+", " ")).contains("4 a holder grew past --fail-on-growth");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void analyzeHelpListsItsOptions() {
    CliRun run = CliRun.of("analyze", "--help");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out())
        .contains("DUMP", "--format", "text, json, html", "--output", "--top", "--quiet");
    assertThat(run.out()).doesNotContain("--debug");
  }

  @Test
  void helpSubcommandShowsTheHelpOfAnalyze() {
    CliRun run = CliRun.of("help", "analyze");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).contains("Usage: leakscope analyze");
  }

  @Test
  void versionNamesTheProjectVersion() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).startsWith("leakscope 0.").doesNotContain("${");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("leakscope: missing command", "Usage: leakscope");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun run = CliRun.of("analyze", "--frobnicate", "x.hprof");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("leakscope: Unknown option: '--frobnicate'")
        .contains("Run 'leakscope analyze --help' for usage.");
  }

  @Test
  void misspelledCommandGetsASuggestion() {
    CliRun run = CliRun.of("analyse", "x.hprof");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("leakscope analyze");
  }

  @Test
  void missingDumpArgumentIsAUsageError() {
    CliRun run = CliRun.of("analyze");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("leakscope: Missing required parameter: 'DUMP'");
  }

  @Test
  void missingDumpFileIsAUsageError() {
    Path missing = dir.resolve("missing.hprof");

    CliRun run = CliRun.of("analyze", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("leakscope: heap dump " + missing + " does not exist\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void directoryAsDumpIsAUsageError() {
    CliRun run = CliRun.of("analyze", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is a directory");
  }

  @Test
  void unreadableDumpIsAUsageError() throws Exception {
    Path dump = garbageFile();
    Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("---------"));

    // root (as CI runs) reads any file: there the CLI runs in a child JVM without that power
    CliRun run =
        Files.isReadable(dump)
            ? withoutReadingAnything("analyze", dump.toString())
            : CliRun.of("analyze", dump.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("heap dump " + dump + " is not readable");
  }

  /**
   * The CLI in a child JVM whose capabilities to read and search any file are dropped
   * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): root then meets file permissions as other users do.
   */
  private CliRun withoutReadingAnything(String... args) throws Exception {
    Path setpriv = Path.of("/usr/bin/setpriv");
    assumeTrue(
        Files.isExecutable(setpriv),
        "running as root, and "
            + setpriv
            + " (util-linux) to drop the right to read anything is"
            + " missing");
    return CliRun.inChildJvm(
        List.of(setpriv.toString(), "--bounding-set=-dac_override,-dac_read_search"),
        List.of(),
        dir.resolve("child.err"),
        args);
  }

  @Test
  void topBelowOneIsAUsageError() throws IOException {
    CliRun run = CliRun.of("analyze", "--top", "0", garbageFile().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("leakscope: --top: 0 (expected: 1+)");
  }

  @Test
  void nonNumericTopIsAUsageError() throws IOException {
    CliRun run = CliRun.of("analyze", "--top", "many", garbageFile().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--top", "many");
  }

  @Test
  void unknownFormatIsAUsageErrorNamingTheChoices() throws IOException {
    CliRun run = CliRun.of("analyze", "--format", "xml", garbageFile().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'xml' (expected: text, json or html)");
  }

  @Test
  void outputInAMissingDirectoryIsAUsageError() throws IOException {
    Path output = dir.resolve("no-such-dir").resolve("report.json");

    CliRun run = CliRun.of("analyze", garbageFile().toString(), "--output", output.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--output: directory", "does not exist");
  }

  @Test
  void outputUnderAFileIsAUsageErrorThatSaysSo() throws IOException {
    Path file = garbageFile();

    CliRun run =
        CliRun.of("analyze", file.toString(), "--output", file.resolve("r.json").toString());
    CliRun redact = CliRun.of("redact", file.toString(), file.resolve("copy.hprof").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--output: " + file + " is a file, not a directory");
    assertThat(redact.exitCode()).isEqualTo(2);
    assertThat(redact.err()).contains("OUT: " + file + " is a file, not a directory");
  }

  @Test
  void outputThatIsADirectoryIsAUsageError() throws IOException {
    CliRun run = CliRun.of("analyze", garbageFile().toString(), "-o", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--output: " + dir + " is a directory");
  }

  @Test
  void garbageFileIsABadDumpReportedOnOneLine() throws IOException {
    Path dump = garbageFile();
    Path output = dir.resolve("report.json");

    CliRun run = CliRun.of("analyze", dump.toString(), "--output", output.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("leakscope: bad heap dump " + dump + ": ");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception", "\tat ");
    assertThat(output).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dump);
    }
  }

  private Path garbageFile() throws IOException {
    Path file = dir.resolve("garbage.hprof");
    if (!Files.exists(file)) {
      Files.write(file, new byte[] {0x13, 0x37, 'n', 'o', 't', ' ', 'h', 'p', 'r', 'o', 'f', 0, 9});
    }
    return file;
  }
}
