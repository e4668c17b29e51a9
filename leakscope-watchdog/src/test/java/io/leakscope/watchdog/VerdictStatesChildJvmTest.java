package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The verdict states on each collector (Serial, Parallel, G1, ZGC), in child JVMs that never call
 * {@code System.gc()} ({@link WatchdogChild}, 64 MB heap, window 20 s, warm-up 3 s, 6 samples): a
 * service whose live set stays put gets a healthy verdict within the run, from live-set readings
 * where its collector measures them (ZGC's cycles) and otherwise from the old generation's usage
 * after young collections, which before those bounds were heard stayed without a verdict until a
 * full collection; a leaking one is never called healthy on the way, whatever its collector
 * measures. The eight children run at once, 25 s.
 */
// waits on child JVMs: runs beside the other classes (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class VerdictStatesChildJvmTest {

  private static final int RUN_SECONDS = 25;
  private static final List<String> COLLECTORS = List.of("Serial", "Parallel", "G1", "Z");

  @TempDir static Path workDir;

  private static final List<Child> steady = new ArrayList<>();
  private static final List<Child> leaking = new ArrayList<>();

  @BeforeAll
  static void startChildren() throws Exception {
    for (String gc : COLLECTORS) {
      steady.add(start("steady", gc));
      leaking.add(start("leak", gc));
    }
  }

  private static Child start(String mode, String gc) throws Exception {
    return Child.start(
        workDir,
        RUN_SECONDS,
        mode,
        "-Xmx64m",
        "-XX:+Use" + gc + "GC",
        "-Dleakscope.child.explicitGc=false");
  }

  @AfterAll
  static void stopChildren() {
    for (List<Child> children : List.of(steady, leaking)) {
      children.forEach(c -> c.process.destroyForcibly());
    }
  }

  @Test
  void aSteadyLiveSetIsHealthyWithinTheRunOnEveryCollector() throws Exception {
    for (Child child : steady) {
      List<Map<String, Object>> changes = awaitChanges(child);
      assertThat(changes).as(child.describe()).isNotEmpty();
      Map<String, Object> first = changes.get(0);
      System.out.printf(
          "%s: %s (%s, %s samples, %s live-set readings)%n",
          child.name,
          first.get("state"),
          first.get("basis"),
          first.get("samples"),
          first.get("readings"));
      assertThat(first).as(child.describe()).containsEntry("from", "insufficient-data");
      assertThat(first).as(child.describe()).containsEntry("state", "healthy");
      assertThat(changes.stream().map(e -> e.get("state")))
          .as(child.describe())
          .doesNotContain("leaking");
    }
  }

  @Test
  void aLeakIsNeverCalledHealthyOnAnyCollector() throws Exception {
    for (Child child : leaking) {
      List<Map<String, Object>> changes = awaitChanges(child);
      System.out.printf("%s: %s%n", child.name, changes.stream().map(e -> e.get("state")).toList());
      assertThat(changes.stream().map(e -> e.get("state")))
          .as(child.describe())
          .doesNotContain("healthy");
    }
  }

  /** Waits for the child to end; its VERDICT_CHANGED events. */
  private static List<Map<String, Object>> awaitChanges(Child child) throws Exception {
    assertThat(child.process.waitFor(RUN_SECONDS + 30, TimeUnit.SECONDS))
        .as(child.describe())
        .isTrue();
    assertThat(child.process.exitValue()).as(child.describe()).isZero();
    return child.events().stream().filter(e -> "VERDICT_CHANGED".equals(e.get("type"))).toList();
  }
}
