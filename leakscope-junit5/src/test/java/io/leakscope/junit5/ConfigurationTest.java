package io.leakscope.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.TestExecutionResult.Status.FAILED;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

import io.leakscope.junit5.probe.IgnoredThreadProbe;
import io.leakscope.junit5.probe.MethodLevelProbe;
import io.leakscope.junit5.probe.UnannotatedLeakProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Settings from JUnit configuration parameters, and the extension auto-detected for all tests. */
class ConfigurationTest {

  private static final String AUTODETECT = "junit.jupiter.extensions.autodetection.enabled";

  private String stderr = "";

  @AfterEach
  void stopWhatTheProbesLeft() {
    UnannotatedLeakProbe.started.forEach(Thread::interrupt);
    UnannotatedLeakProbe.started.clear();
    MethodLevelProbe.started.forEach(Thread::interrupt);
    MethodLevelProbe.started.clear();
    if (IgnoredThreadProbe.background != null) {
      IgnoredThreadProbe.background.interrupt();
    }
  }

  /** Runs the probe with auto-detection, a short linger, and the given extra parameters. */
  private ProbeRun autodetected(Class<?> probe, String... keysAndValues) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put(AUTODETECT, "true");
    parameters.put("leakscope.linger.millis", "50");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      parameters.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return ProbeRun.of(probe, parameters);
    } finally {
      System.setErr(original);
      stderr = captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void withoutAutodetectionUnannotatedTestsAreNotChecked() {
    ProbeRun run = ProbeRun.of(UnannotatedLeakProbe.class);

    assertThat(run.outcome("leaksTwoThreads()").getStatus()).isEqualTo(SUCCESSFUL);
  }

  @Test
  void autodetectedExtensionChecksUnannotatedTestsWithTheConfiguredLinger() {
    ProbeRun run = autodetected(UnannotatedLeakProbe.class);

    assertThat(run.failureMessage("leaksTwoThreads()"))
        .startsWith("2 threads started during test leaksTwoThreads() are still alive 50 ms after")
        .contains("\"unannotated-leak-1\"", "\"unannotated-leak-2\"");
    assertThat(run.outcome("leaksNothing()").getStatus()).isEqualTo(SUCCESSFUL);
  }

  @Test
  void ignoreThreadsParameterTakesCommaSeparatedPatterns() {
    ProbeRun run =
        autodetected(
            UnannotatedLeakProbe.class, "leakscope.ignore.threads", " other , unannotated-leak-1");

    assertThat(run.failureMessage("leaksTwoThreads()"))
        .startsWith("1 thread started during test leaksTwoThreads()")
        .contains("\"unannotated-leak-2\"")
        .doesNotContain("unannotated-leak-1");
  }

  @Test
  void knownLeaksFileLetsListedThreadsPassAndStillReportsOthers(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path file = dir.resolve("known-leaks.txt");
    java.nio.file.Files.writeString(
        file, "# adopted in 2026, to fix: OPS-123\nunannotated-leak-1   # cache warmer\n\n");
    ProbeRun run =
        autodetected(UnannotatedLeakProbe.class, "leakscope.known.leaks.file", file.toString());

    assertThat(run.failureMessage("leaksTwoThreads()"))
        .startsWith("1 thread started during test leaksTwoThreads()")
        .contains("\"unannotated-leak-2\"")
        .doesNotContain("unannotated-leak-1");
  }

  @Test
  void reportModeWritesTheReportToStandardErrorAndPasses() {
    ProbeRun run = autodetected(UnannotatedLeakProbe.class, "leakscope.mode", "report");

    assertThat(run.outcome("leaksTwoThreads()").getStatus()).isEqualTo(SUCCESSFUL);
    assertThat(stderr)
        .startsWith("leakscope: report only (leakscope.mode=report)\n")
        .contains("2 threads started during test leaksTwoThreads()");
    assertThat(run.results.testEvents().reportingEntryPublished().count()).isEqualTo(1);
    assertThat(UnannotatedLeakProbe.started).allMatch(Thread::isAlive, "not interrupted");
  }

  @Test
  void fewerLeaksThanTheFailThresholdOnlyWarn() {
    ProbeRun run = autodetected(UnannotatedLeakProbe.class, "leakscope.fail.threshold", "3");

    assertThat(run.outcome("leaksTwoThreads()").getStatus()).isEqualTo(SUCCESSFUL);
    assertThat(stderr)
        .startsWith("leakscope: warning, 2 leaks are below leakscope.fail.threshold=3\n")
        .contains("\"unannotated-leak-2\"");
  }

  @Test
  void leaksReachingTheFailThresholdFail() {
    ProbeRun run = autodetected(UnannotatedLeakProbe.class, "leakscope.fail.threshold", "2");

    assertThat(run.outcome("leaksTwoThreads()").getStatus()).isEqualTo(FAILED);
    assertThat(stderr).isEmpty();
  }

  @Test
  void leaksBelowTheWarnThresholdAreSilent() {
    ProbeRun run =
        autodetected(
            UnannotatedLeakProbe.class,
            "leakscope.fail.threshold",
            "5",
            "leakscope.warn.threshold",
            "3");

    assertThat(run.outcome("leaksTwoThreads()").getStatus()).isEqualTo(SUCCESSFUL);
    assertThat(stderr).isEmpty();
  }

  @Test
  void explicitAnnotationAttributesWinOverParameters() {
    ProbeRun run =
        autodetected(
            IgnoredThreadProbe.class,
            "leakscope.linger.millis",
            "5000",
            "leakscope.ignore.threads",
            "nothing-matches");

    // @CheckLeaks(lingerMillis = 100, ignoreThreads = "expected-background-.*") wins.
    assertThat(run.outcome("startsExpectedBackgroundThread()").getStatus()).isEqualTo(SUCCESSFUL);
  }

  @Test
  void annotatedTestsAreCheckedOnceWhenTheExtensionIsAlsoAutodetected() {
    ProbeRun run = autodetected(MethodLevelProbe.class);

    String message = run.failureMessage("checkedMethodLeaks()");
    assertThat(message).startsWith("1 thread started during test checkedMethodLeaks()");
    assertThat(message.split("\"checked-leak\"", -1)).hasSize(2);
    assertThat(run.outcome("checkedMethodLeaks()").getThrowable().orElseThrow().getSuppressed())
        .isEmpty();
    // Unannotated methods are now checked with the configured settings.
    assertThat(run.failureMessage("uncheckedMethodLeaks()"))
        .startsWith("1 thread started during test uncheckedMethodLeaks() is still alive 50 ms");
  }

  @Test
  void malformedParameterFailsTheTestNamingTheParameter() {
    ProbeRun run = autodetected(UnannotatedLeakProbe.class, "leakscope.mode", "loud");

    assertThat(run.failureMessage("leaksNothing()"))
        .isEqualTo("leakscope.mode: \"loud\" (expected: fail or report)");
  }
}
