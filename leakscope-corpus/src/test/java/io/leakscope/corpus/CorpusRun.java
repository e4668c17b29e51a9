package io.leakscope.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakscope.cli.Main;
import io.leakscope.testing.Jdk;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one corpus program in a child JVM and analyzes its dumps through the command line's entry
 * point ({@code analyze NEWEST --baseline OLDEST --baseline MIDDLE --format json}), as a user
 * would: the JSON report is the contract, so a reorganisation of the analysis classes cannot break
 * the corpus.
 */
final class CorpusRun {
  /** Heap of every child: small, so that dumps and analyses stay quick. */
  static final List<String> CHILD_OPTIONS = List.of("-Xmx96m", "-XX:+UseG1GC", "-Xss512k");

  /**
   * The collector of every child, {@code G1} unless {@code -Dcorpus.gc=ZGC} (or {@code Serial},
   * {@code Parallel}) asks for another: the corpus under the collectors services run with.
   */
  static final String GC = System.getProperty("corpus.gc", "G1");

  /**
   * {@code -Dcorpus.dumps=all}: the programs dump every object, unreachable ones included, as
   * {@code -XX:+HeapDumpOnOutOfMemoryError} and {@code jmap -dump} without {@code live} do, instead
   * of the live objects after a full collection.
   */
  static final boolean ALL_OBJECTS = "all".equals(System.getProperty("corpus.dumps"));

  /** Where a variant's cases write: {@code target/corpus}, or {@code target/corpus-zgc-all}. */
  static Path outputRoot() {
    String variant =
        (GC.equals("G1") ? "" : "-" + GC.toLowerCase(java.util.Locale.ROOT))
            + (ALL_OBJECTS ? "-all" : "");
    return Path.of("target", "corpus" + variant);
  }

  /** {@link #CHILD_OPTIONS} with the collector and the dump mode of the variant. */
  static List<String> childOptions() {
    List<String> options = new ArrayList<>();
    for (String option : CHILD_OPTIONS) {
      options.add(option.equals("-XX:+UseG1GC") ? "-XX:+Use" + GC + "GC" : option);
    }
    if (ALL_OBJECTS) {
      options.add("-D" + "corpus.dumpAll=true");
    }
    return options;
  }

  /** How long one program may take, its three dumps included. */
  static final Duration TIME_LIMIT = Duration.ofSeconds(180);

  private static final ObjectMapper JSON = new ObjectMapper();

  private CorpusRun() {}

  /**
   * Starts {@code program} on {@code jdk} with this module's test class path, waits for it to take
   * its three dumps into {@code dir} and exit, and returns the dumps, oldest first. Fails the test
   * with the program's output if it does not exit with 0 in {@link #TIME_LIMIT}.
   */
  static List<Path> dumps(Jdk jdk, CorpusProgram program, Path dir) {
    return dumps(jdk, program, dir, List.of());
  }

  /** {@link #dumps(Jdk, CorpusProgram, Path)} with {@code options} for the program's JVM too. */
  static List<Path> dumps(Jdk jdk, CorpusProgram program, Path dir, List<String> options) {
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("program.log");
      List<String> command = new ArrayList<>();
      command.add(jdk.java().toString());
      command.addAll(childOptions());
      command.addAll(options);
      command.add("-cp");
      command.add(testClassPath());
      command.add(program.main().getName());
      command.add(dir.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      boolean exited = process.waitFor(TIME_LIMIT.toSeconds(), TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log);
      assertThat(exited)
          .as("%s on %s exited within %s; output:%n%s", program, jdk, TIME_LIMIT, tail(output))
          .isTrue();
      assertThat(process.exitValue())
          .as("exit status of %s on %s; output:%n%s", program, jdk, tail(output))
          .isZero();
      List<Path> dumps = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Path dump = dir.resolve("dump-" + i + ".hprof");
        assertThat(dump).as("dump %d of %s on %s", i, program, jdk).isRegularFile();
        dumps.add(dump);
      }
      return dumps;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code leakscope analyze dump --format json --output json --quiet [--baseline b]…}: the report,
   * read with Jackson; fails the test unless the command exits with 0.
   */
  static JsonNode analyze(Path dump, List<Path> baselines, Path json) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "analyze",
                dump.toString(),
                "--format",
                "json",
                "--output",
                json.toString(),
                "--quiet"));
    for (Path baseline : baselines) {
      arguments.add("--baseline");
      arguments.add(baseline.toString());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(new PrintWriter(out), new PrintWriter(err), arguments.toArray(String[]::new));
    assertThat(exit)
        .as("exit status of leakscope %s; stdout:%n%s%nstderr:%n%s", arguments, out, err)
        .isZero();
    try {
      return JSON.readTree(json.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JSON report " + json, e);
    }
  }

  /** Instances of {@code className} in a report's histogram (rows of the same name added up). */
  static long instances(JsonNode report, String className) {
    long total = 0;
    for (JsonNode row : report.path("histogram")) {
      if (row.path("className").asText().equals(className)) {
        total += row.path("instances").asLong();
      }
    }
    return total;
  }

  /**
   * The test class path of this JVM: every jar and directory the corpus programs need. Surefire
   * puts it in {@code java.class.path} of the test JVM (and in {@code surefire.test.class.path}).
   */
  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return cp;
  }

  /** Deletes the dumps of a run unless {@code -Dcorpus.keepDumps=true}. */
  static void cleanUp(List<Path> dumps) {
    if (Boolean.getBoolean("corpus.keepDumps")) {
      return;
    }
    for (Path dump : dumps) {
      try {
        Files.deleteIfExists(dump);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String tail(String output) {
    return output.length() <= 6_000 ? output : "…" + output.substring(output.length() - 6_000);
  }
}
