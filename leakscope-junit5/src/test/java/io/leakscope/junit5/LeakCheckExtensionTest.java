package io.leakscope.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.TestExecutionResult.Status.FAILED;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

import io.leakscope.junit5.probe.IgnoredThreadProbe;
import io.leakscope.junit5.probe.LeakingPoolProbe;
import io.leakscope.junit5.probe.LeakingThreadProbe;
import io.leakscope.junit5.probe.MethodLevelProbe;
import io.leakscope.junit5.probe.NestedProbe;
import io.leakscope.junit5.probe.WellBehavedProbe;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LeakCheckExtensionTest {

  private static final String NEVER_SHUT_DOWN =
      "likely an ExecutorService that was never shut down";

  @AfterAll
  static void stopWhatTheProbesLeft() throws InterruptedException {
    if (LeakingPoolProbe.pool != null) {
      LeakingPoolProbe.pool.shutdownNow();
      LeakingPoolProbe.pool.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (IgnoredThreadProbe.background != null) {
      IgnoredThreadProbe.background.interrupt();
    }
    MethodLevelProbe.started.forEach(Thread::interrupt);
    NestedProbe.started.forEach(Thread::interrupt);
  }

  @Test
  void leakedThreadFailsTheTestNamingThreadStateStackAndTest() {
    ProbeRun run = ProbeRun.of(LeakingThreadProbe.class);

    assertThat(run.outcome("leaksSleepingThread()").getStatus()).isEqualTo(FAILED);
    assertThat(run.outcome("leaksSleepingThread()").getThrowable())
        .containsInstanceOf(AssertionError.class);
    assertThat(run.failureMessage("leaksSleepingThread()"))
        .startsWith(
            "1 thread started during test leaksSleepingThread() is still alive 200 ms after it"
                + " ended\n  test id: [engine:junit-jupiter]/[class:"
                + LeakingThreadProbe.class.getName()
                + "]/[method:leaksSleepingThread()]\n")
        .contains("\"leaky-sleeper\"")
        .contains("state: TIMED_WAITING, daemon: false")
        .contains("java.lang.Thread.sleep")
        .contains("LeakingThreadProbe.sleepThirtySeconds")
        .contains("have been interrupted");
  }

  @Test
  void leakedThreadIsInterruptedAndTheNextTestPasses() throws InterruptedException {
    ProbeRun run = ProbeRun.of(LeakingThreadProbe.class);

    assertThat(run.outcome("runsAfterTheLeak()").getStatus()).isEqualTo(SUCCESSFUL);
    LeakingThreadProbe.leaked.join(5_000);
    assertThat(LeakingThreadProbe.leaked.isAlive())
        .as("leaked thread ended by the interrupt")
        .isFalse();
  }

  @Test
  void poolNeverShutDownFailsNamingItsWorkersAsAnExecutor() {
    ProbeRun run = ProbeRun.of(LeakingPoolProbe.class);

    assertThat(run.failureMessage("leavesPoolRunning()"))
        .startsWith("2 threads started during test leavesPoolRunning() are still alive")
        .containsPattern("\"pool-\\d+-thread-1\" \\(" + NEVER_SHUT_DOWN + "\\)")
        .containsPattern("\"pool-\\d+-thread-2\" \\(" + NEVER_SHUT_DOWN + "\\)")
        .contains("state: WAITING");
    // The idle workers survive the interrupt; the next test must not report them again.
    assertThat(run.outcome("runsAfterThePoolLeak()").getStatus()).isEqualTo(SUCCESSFUL);
  }

  @Test
  void testsThatJoinShutDownOrFinishWithinTheLingeringWaitPass() {
    ProbeRun run = ProbeRun.of(WellBehavedProbe.class);

    assertThat(run.outcomes)
        .containsOnlyKeys(
            "joinsItsThread()",
            "shutsItsPoolDown()",
            "threadEndsShortlyAfterTheTest()",
            "usesTheCommonPool()");
    run.outcomes.forEach(
        (test, outcome) ->
            assertThat(outcome.getStatus())
                .as(test + ": " + outcome.getThrowable())
                .isEqualTo(SUCCESSFUL));
  }

  @Test
  void ignoreThreadsPatternLetsANamedLongLivedThreadPass() {
    ProbeRun run = ProbeRun.of(IgnoredThreadProbe.class);

    assertThat(run.outcome("startsExpectedBackgroundThread()").getStatus()).isEqualTo(SUCCESSFUL);
    assertThat(IgnoredThreadProbe.background.isAlive()).isTrue();
  }

  @Test
  void methodLevelAnnotationChecksOnlyThatMethod() {
    ProbeRun run = ProbeRun.of(MethodLevelProbe.class);

    assertThat(run.failureMessage("checkedMethodLeaks()")).contains("\"checked-leak\"");
    assertThat(run.outcome("uncheckedMethodLeaks()").getStatus()).isEqualTo(SUCCESSFUL);
  }

  @Test
  void negativeLingerIsAConfigurationErrorNamingTheAttribute() {
    ProbeRun run = ProbeRun.of(MethodLevelProbe.class);

    assertThat(run.failureMessage("negativeLingerIsRejected()"))
        .isEqualTo("@CheckLeaks lingerMillis: -1 (expected: 0+)");
  }

  @Test
  void nestedTestsUseTheEnclosingClassSettings() {
    ProbeRun run = ProbeRun.of(NestedProbe.class);

    assertThat(run.failureMessage("leaksInNestedClass()"))
        .startsWith("1 thread started during test leaksInNestedClass() is still alive 150 ms after")
        .contains("\"nested-leak\"")
        .doesNotContain("outer-ignored");
  }
}
