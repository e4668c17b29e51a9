package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code leakscope demo} for real: the demo service in a child JVM with the agent jar from this
 * build, load from this JVM, the watchdog's detection and dumps, and the analysis. Runs on the JDK
 * running the tests (the command starts the child with its own JDK).
 */
// waits on child JVMs sampled in real time: runs beside the other classes
// (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class DemoCommandTest {

  private static final Pattern PID = Pattern.compile("\\(pid (\\d+)\\)");

  @TempDir Path dir;

  @Test
  void cacheLeakIsDetectedDumpedTwiceAndNamedByItsStaticField() throws Exception {
    Path evidence = dir.resolve("evidence");
    CliRun run = CliRun.of("demo", "--leak", "cache", "--dir", evidence.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("[1/5] starting the demo service", "[5/5] analyzing heap-")
        .contains("as baseline");
    // the first suspect is the demo's cache, named by its static field, and it grew
    assertThat(run.out()).startsWith("Leak suspects\n   1. ");
    String first = run.out().lines().skip(1).limit(2).toList().get(1);
    assertThat(first.strip()).isEqualTo("holder       io.leakscope.demo.QuoteCache.ENTRIES");
    assertThat(run.out()).contains("grew between the two dumps");
    Path html = evidence.resolve("report.html");
    assertThat(run.out()).contains("HTML report: " + html);
    assertThat(html).isRegularFile();
    assertThat(Files.readString(html)).contains("io.leakscope.demo.QuoteCache.ENTRIES");
    try (var files = Files.list(evidence)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hprof.gz")))
          .hasSize(2);
    }
    assertThat(Files.readString(evidence.resolve("events.jsonl")))
        .contains("\"type\":\"LEAK_SUSPECTED\"", "\"type\":\"WATCHDOG_STOPPED\"");
    assertChildIsGone(run);
  }

  /**
   * The native leak: the service's resident memory grows outside the heap; the demo ends with the
   * memory screen's native-growth verdict naming NMT's "Other" (where {@code Unsafe.allocateMemory}
   * is counted), and the watchdog in the service suspects no heap leak meanwhile.
   */
  @Test
  void nativeLeakEndsWithTheNativeVerdictNotAHeapSuspect() throws Exception {
    Path evidence = dir.resolve("native");
    CliRun run = CliRun.of("demo", "--leak", "native", "--dir", evidence.toString());

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.err()).contains("[3/5] measuring the service's whole memory for 15 s");
    assertThat(run.out())
        .as(run.out())
        .contains("  growth   native growth: NMT category \"Other\" +")
        .contains("while the live set is flat")
        .contains("  next     not direct buffers (their pool is flat): Unsafe.allocateMemory")
        .contains("Heap:        the watchdog in the service suspected no heap leak")
        .doesNotContain("Leak suspects");
    assertThat(Files.readString(evidence.resolve("events.jsonl")))
        .doesNotContain("\"type\":\"LEAK_SUSPECTED\"");
    assertChildIsGone(run);
  }

  @Test
  void healthyServiceTimesOutWithExitOneNamingTheEventsLogAndStopsTheChild() throws Exception {
    Path evidence = dir.resolve("healthy");
    CliRun run =
        CliRun.of("demo", "--leak", "none", "--dir", evidence.toString(), "--timeout", "8s");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(run.err())
        .contains(
            "leakscope: the watchdog did not suspect a leak within 8 s; see its events in "
                + evidence.resolve("events.jsonl"));
    assertThat(run.out()).isEmpty();
    assertChildIsGone(run);
  }

  @Test
  void badOptionsAreUsageErrorsOnOneLine() {
    CliRun leak = CliRun.of("demo", "--leak", "memory", "--dir", dir.resolve("a").toString());
    assertThat(leak.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(leak.err())
        .startsWith(
            "leakscope: --leak=memory (expected one of none, cache, threadlocal, listeners,"
                + " scheduled, unclosed, thread-per-request, native)\n");

    CliRun timeout = CliRun.of("demo", "--timeout", "soon");
    assertThat(timeout.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(timeout.err())
        .contains("'soon' (expected a positive duration like 500ms, 10s, 5m, 1h)");
  }

  @Test
  void aNonEmptyDirectoryIsRefused() throws Exception {
    Files.writeString(dir.resolve("old.txt"), "x");
    CliRun run = CliRun.of("demo", "--dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err())
        .startsWith(
            "leakscope: --dir: " + dir + " is not empty (expected a new or empty directory)");
    assertThat(dir.resolve("service.log")).doesNotExist();
  }

  private static void assertChildIsGone(CliRun run) {
    Matcher pid = PID.matcher(run.err());
    assertThat(pid.find()).as(run.err()).isTrue();
    assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive))
        .as("the demo service's JVM after the command")
        .isIn(java.util.Optional.empty(), java.util.Optional.of(false));
  }
}
