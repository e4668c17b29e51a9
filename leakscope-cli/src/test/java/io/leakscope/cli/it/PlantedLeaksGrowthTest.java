package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.it.programs.PlantedLeaksProgram;
import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of leak, planted in a real JVM beside a bigger catalog that does not change, dumped
 * three times as it grows: with the older dumps as baselines, the field that holds the leak is
 * among the first three suspects and ranks above the catalog, which is bigger but stable.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class PlantedLeaksGrowthTest {
  private static final String PROGRAM = PlantedLeaksProgram.class.getName();

  /** Kind of leak, the holder the report must name, and the suspect kind it must carry. */
  static Stream<Arguments> leaks() {
    List<Arguments> all = new ArrayList<>();
    for (Path home : Jdk.candidateHomes()) {
      all.add(Arguments.of(home, "static-cache", PROGRAM + ".RESPONSE_CACHE", "accumulation"));
      all.add(Arguments.of(home, "listeners", PROGRAM + "$EventBus.listeners", "accumulation"));
      all.add(Arguments.of(home, "scheduled", PROGRAM + ".SCHEDULER", "accumulation"));
      all.add(Arguments.of(home, "thread-local", PROGRAM + ".REQUEST_CONTEXT", "thread-local"));
      all.add(
          Arguments.of(
              home,
              "blocked-threads",
              "threads waiting in " + PROGRAM + ".awaitApproval(PlantedLeaksProgram.java:",
              "blocked-threads"));
      // Thread.sleep ends in another native method from JDK 21 on (sleepNanos0)
      all.add(
          Arguments.of(
              home,
              "sleeping-threads",
              "threads waiting in " + PROGRAM + ".pollLater(PlantedLeaksProgram.java:",
              "blocked-threads"));
      all.add(Arguments.of(home, "class-loader", PROGRAM + ".PLUGINS", "class-loader"));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("leaks")
  void growingLeakOutranksTheBiggerStableCatalog(
      Path home, String kind, String holder, String suspectKind, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    List<Path> dumps = threeDumps(jdk, kind, dir);
    JsonNode suspects =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve(kind + ".json")).section("suspects");
    List<String> holders = new ArrayList<>();
    suspects.forEach(s -> holders.add(s.path("holder").asText()));
    int leak = indexOf(holders, holder);
    assertThat(leak).as("rank of %s among suspects %s on %s", holder, holders, jdk).isBetween(0, 2);
    JsonNode found = suspects.get(leak);
    assertThat(found.path("kind").asText())
        .as("kind of %s", holders.get(leak))
        .isEqualTo(suspectKind);
    assertThat(found.path("growthBytes").asLong())
        .as("growth of %s", holder)
        .isGreaterThan(300_000);
    if (kind.equals("listeners")) {
      // each listener is a lambda that captured its byte[] state
      assertThat(found.path("explanation").asText())
          .as("what the lambdas capture")
          .contains("Each is a lambda that captures byte[]");
    }
    JsonNode series = found.path("retainedSeries");
    assertThat(series.size()).isEqualTo(3);
    assertThat(series.get(0).asLong()).isLessThan(series.get(1).asLong());
    assertThat(series.get(1).asLong()).isLessThan(series.get(2).asLong());
    int catalog = holders.indexOf(PROGRAM + ".CATALOG");
    assertThat(catalog == -1 || catalog > leak)
        .as(
            "the stable catalog (rank %d) ranks below the leak (rank %d): %s",
            catalog + 1, leak + 1, holders)
        .isTrue();
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("leaks")
  void leakThatIsTheBiggestThingInOneDumpIsTheFirstSuspect(
      Path home, String kind, String holder, String suspectKind, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump;
    List<String> options = List.of("-Dleak.kind=" + kind, "-Dcatalog.entries=50");
    try (ChildJvm child = ChildJvm.start(jdk, PlantedLeaksProgram.class, options)) {
      for (int i = 1; i <= 3; i++) {
        child.send("grow");
      }
      dump = child.heapDump(dir.resolve(kind + ".hprof"), false);
    }
    JsonNode suspects = AnalyzedDump.analyze(dump, dir.resolve(kind + ".json")).section("suspects");
    List<String> holders = new ArrayList<>();
    suspects.forEach(s -> holders.add(s.path("holder").asText()));
    assertThat(indexOf(holders, holder))
        .as("rank of %s among suspects %s on %s", holder, holders, jdk)
        .isZero();
    assertThat(suspects.get(0).path("kind").asText()).isEqualTo(suspectKind);
    assertThat(suspects.get(0).path("growthBytes").isNull()).isTrue();
  }

  /**
   * Timeouts cancelled at once on a scheduled executor that keeps cancelled tasks: the tasks let go
   * of what they were to run, so the point holds nothing but the JDK's tasks, and those are what is
   * named, with the executor's policy to set. Before, the suspect named a lone class object found
   * under the queue.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("io.leakscope.cli.it.ThreadPoolLeakTest#homes")
  void cancelledTasksKeptByAScheduledExecutorAreNamed(Path home, @TempDir Path dir) {
    List<Path> dumps = threeDumps(Jdk.require(home), "cancelled-timeouts", dir);
    JsonNode first =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("timeouts.json"))
            .section("suspects")
            .get(0);
    assertThat(first.path("holder").asText()).isEqualTo(PROGRAM + ".TIMEOUTS");
    assertThat(first.path("accumulatedClass").asText())
        .isEqualTo("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask");
    assertThat(first.path("instances").asLong())
        .isEqualTo(3L * PlantedLeaksProgram.TIMEOUTS_PER_STEP);
    assertThat(first.path("explanation").asText()).contains("setRemoveOnCancelPolicy(true)");
    assertThat(first.path("trend").asText()).isEqualTo("growing");
  }

  /**
   * Futures given up on while their {@code orTimeout} of half an hour runs: the JDK's scheduler of
   * timeouts keeps each. On JDK 17 it is {@code CompletableFuture$Delayer}'s executor in a static
   * field; on JDK 25 the common pool's {@code DelayScheduler}, a thread that keeps its queue in a
   * local variable, so the holder was "thread ForkJoinPool.commonPool-delayScheduler local", and
   * the timeouts not yet queued a second suspect "thread …". Now they are one suspect, held by the
   * pool's field, with advice about timeouts rather than periodic tasks.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("io.leakscope.cli.it.ThreadPoolLeakTest#homes")
  void futuresGivenUpOnWhileTheirTimeoutRunsAreNamed(Path home, @TempDir Path dir) {
    List<Path> dumps = threeDumps(Jdk.require(home), "abandoned-timeouts", dir);
    JsonNode suspects =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("abandoned.json")).section("suspects");
    JsonNode first = suspects.get(0);
    assertThat(first.path("holder").asText())
        .as("suspects: %s", suspects)
        .isIn(
            "java.util.concurrent.CompletableFuture$Delayer.delayer",
            "java.util.concurrent.ForkJoinPool.common");
    assertThat(first.path("accumulatedClass").asText())
        .isEqualTo("java.util.concurrent.CompletableFuture");
    assertThat(first.path("instances").asLong())
        .isEqualTo(3L * PlantedLeaksProgram.ABANDONED_PER_STEP);
    assertThat(first.path("explanation").asText())
        .contains("orTimeout or completeOnTimeout")
        .doesNotContain("periodic task");
    assertThat(first.path("trend").asText()).isEqualTo("growing");
    for (JsonNode s : suspects) {
      assertThat(s.path("holder").asText())
          .as("suspects: %s", suspects)
          .doesNotStartWith("thread ");
    }
  }

  /**
   * Compressing streams kept open: the heap holds a few hundred bytes of each, zlib 115 to 262 KB
   * outside it. The suspect says how many deflaters it keeps open, counting only those whose zlib
   * state is not freed: as many closed streams are kept in another list, whose suspect (if any)
   * says nothing of zlib.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("io.leakscope.cli.it.ThreadPoolLeakTest#homes")
  void streamsKeptOpenSayWhatTheyKeepOutsideTheHeap(Path home, @TempDir Path dir) {
    List<Path> dumps = threeDumps(Jdk.require(home), "open-gzip-streams", dir);
    JsonNode suspects =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("streams.json")).section("suspects");
    int open = 3 * PlantedLeaksProgram.STREAMS_PER_STEP;
    JsonNode keptOpen = null;
    for (JsonNode s : suspects) {
      if (s.path("holder").asText().equals(PROGRAM + ".OPEN_STREAMS")) {
        keptOpen = s;
      } else {
        // the closed streams' list (as big on the heap) keeps no zlib memory
        assertThat(s.path("explanation").asText()).doesNotContain("not ended");
      }
    }
    assertThat(keptOpen).as("suspects: %s", suspects).isNotNull();
    assertThat(keptOpen.path("explanation").asText())
        .contains(
            open + " deflaters not ended under this holder",
            String.format(
                java.util.Locale.ROOT,
                "between about %d and %d MB of native memory",
                open * 115L / 1024,
                open * 262L / 1024));
  }

  /**
   * A plugin redeployed in a new loader each time, which starts a thread of its own that nothing
   * stops: only its thread keeps each old copy. The suspect names the threads and says to stop
   * them; before, it said to release "whatever the thread keeps".
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("io.leakscope.cli.it.ThreadPoolLeakTest#homes")
  void oldCodeKeptByItsOwnThreadsSaysToStopThem(Path home, @TempDir Path dir) {
    List<Path> dumps = threeDumps(Jdk.require(home), "plugin-threads", dir);
    JsonNode first =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("plugins.json"))
            .section("suspects")
            .get(0);
    assertThat(first.path("kind").asText()).isEqualTo("class-loader");
    assertThat(first.path("holder").asText()).startsWith("thread plugin-poller");
    assertThat(first.path("instances").asLong()).isEqualTo(3);
    assertThat(first.path("explanation").asText())
        .contains("held by the threads named plugin-poller", "Stop such threads");
    assertThat(first.path("trend").asText()).isEqualTo("growing");
  }

  /** Three dumps of {@link PlantedLeaksProgram} with leak {@code kind}, one after each step. */
  static List<Path> threeDumps(Jdk jdk, String kind, Path dir) {
    return threeDumps(jdk, kind, dir, List.of());
  }

  /** As {@link #threeDumps(Jdk, String, Path)}, with more options for the child JVM. */
  static List<Path> threeDumps(Jdk jdk, String kind, Path dir, List<String> options) {
    List<Path> dumps = new ArrayList<>();
    List<String> all = new ArrayList<>(options);
    all.add("-Dleak.kind=" + kind);
    try (ChildJvm child = ChildJvm.start(jdk, PlantedLeaksProgram.class, all)) {
      for (int i = 1; i <= 3; i++) {
        child.send("grow");
        dumps.add(child.heapDump(dir.resolve(kind + "-" + i + ".hprof"), false));
      }
    }
    return dumps;
  }

  private static int indexOf(List<String> holders, String holder) {
    for (int i = 0; i < holders.size(); i++) {
      if (holders.get(i).equals(holder)
          || (holder.endsWith(":") && holders.get(i).startsWith(holder))) {
        return i;
      }
    }
    return -1;
  }
}
