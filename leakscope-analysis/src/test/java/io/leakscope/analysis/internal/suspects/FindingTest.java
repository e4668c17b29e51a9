package io.leakscope.analysis.internal.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.report.Suspect;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTest {

  private static final Finding BACKLOG =
      new Finding(
          Suspect.KIND_ACCUMULATION,
          1,
          "com.example.Exports.QUEUE",
          "com.example.Export",
          3000,
          1_000_000,
          List.of(),
          List.of(),
          "title",
          "3000 instances of com.example.Export accumulate.");

  private static Finding waiting(String thread, String... stack) {
    return new Finding(
        Suspect.KIND_BLOCKED_THREADS,
        2,
        "threads waiting in " + stack[2],
        "com.example.Export",
        1,
        900_000,
        List.of(thread),
        List.of(stack),
        "title",
        "explanation");
  }

  /** A worker of the application's, waiting in its own code, may be the consumer that is stuck. */
  @Test
  void aThreadInTheApplicationsCodeMayBeStuck() {
    Finding f =
        BACKLOG.heldAlsoBy(
            waiting(
                "export-worker",
                "java.lang.Object.wait(Native Method)",
                "java.lang.Object.wait(Object.java:338)",
                "com.example.SlowDownstream.run(SlowDownstream.java:20)",
                "java.lang.Thread.run(Thread.java:840)"),
            ApplicationPackages.DEFAULT);
    assertThat(f.explanation())
        .startsWith("3000 instances")
        .contains(
            "The thread export-worker, which also holds it, is waiting in"
                + " com.example.SlowDownstream.run(SlowDownstream.java:20): if it is what should"
                + " drain it, it is stuck there.");
    assertThat(f.threads()).containsExactly("export-worker");
  }

  /**
   * OkHttp's task runner waits in OkHttp's code for its next task: nothing of the application runs
   * on it, and it is not stuck (the corpus's okhttp program said it was).
   */
  @Test
  void aLibrarysOwnThreadIsNotSaidToBeStuck() {
    Finding f =
        BACKLOG.heldAlsoBy(
            waiting(
                "OkHttp ConnectionPool connection closer",
                "java.lang.Object.wait(Native Method)",
                "java.lang.Object.wait(Object.java:472)",
                "okhttp3.internal.concurrent.TaskRunner$RealBackend.coordinatorWait(TaskRunner.kt:373)",
                "okhttp3.internal.concurrent.TaskRunner.awaitTaskToRun(TaskRunner.kt:237)",
                "java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
                "java.lang.Thread.run(Thread.java:840)"),
            ApplicationPackages.DEFAULT);
    assertThat(f.explanation())
        .doesNotContain("stuck")
        .endsWith(
            "is waiting in"
                + " okhttp3.internal.concurrent.TaskRunner$RealBackend.coordinatorWait(TaskRunner.kt:373),"
                + " a thread of the library's own (no frame of the application on its stack).");
  }

  @Test
  void aFramesClassIsWhatComesBeforeItsMethod() {
    assertThat(
            Finding.frameClass("okhttp3.internal.concurrent.TaskRunner$RealBackend.wait(X.kt:3)"))
        .isEqualTo("okhttp3.internal.concurrent.TaskRunner$RealBackend");
    assertThat(Finding.frameClass("java.lang.Object.wait(Native Method)"))
        .isEqualTo("java.lang.Object");
    assertThat(Finding.frameClass("main")).isEqualTo("main");
  }

  /**
   * A JDK registry is filled through an API, not by code that adds to its field: the explanation
   * names the call and what undoes it; other holders keep "look at the code that adds to".
   */
  @Test
  void aJdkRegistryNamesTheCallThatFillsIt() {
    String template =
        "entries are added and never removed:" + LeakSuspectFinder.LOOK_AT + " ({percent})";
    assertThat(Finding.fill(template, "java.io.DeleteOnExitHook.files", "42%"))
        .isEqualTo(
            "entries are added and never removed: look at the code that calls"
                + " File.deleteOnExit(): the JDK keeps each path it is given until the JVM exits,"
                + " even after the file is deleted. Delete temporary files yourself"
                + " (Files.deleteIfExists, in a finally block) rather than marking them. (42%)");
    assertThat(Finding.fill(template, "java.lang.ApplicationShutdownHooks.hooks", "9%"))
        .contains("Runtime.addShutdownHook", "Runtime.removeShutdownHook");
    assertThat(
            Finding.fill(
                template, "java.lang.management.ManagementFactory.platformMBeanServer", "9%"))
        .contains("unregisterMBean");
    assertThat(Finding.fill(template, "com.example.Exports.QUEUE", "9%"))
        .isEqualTo(
            "entries are added and never removed: look at the code that adds to"
                + " com.example.Exports.QUEUE. (9%)");
  }
}
