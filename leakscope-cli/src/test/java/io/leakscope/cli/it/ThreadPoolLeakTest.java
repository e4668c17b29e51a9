package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.it.programs.PlantedLeaksProgram;
import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.List;
import org.example.telemetry.TelemetryClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executors made per job and never shut down, in a real JVM beside a 6 MB catalog: 20 more pools
 * per step, dumped after each of three steps. Their idle threads hold almost no heap and no
 * application frame, yet the first suspect names them with their number of pools.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class ThreadPoolLeakTest {
  static List<Path> homes() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void leakedPoolsAreTheFirstSuspectWithTheirPoolCount(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "thread-pools", dir);
    int pools = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode single =
        AnalyzedDump.analyze(dumps.get(2), dir.resolve("single.json")).section("suspects");
    JsonNode poolSuspect = null;
    for (JsonNode s : single) {
      if (s.path("kind").asText().equals("thread-pools")) {
        poolSuspect = s;
      }
    }
    assertThat(poolSuspect).as("a thread-pools suspect in one dump: %s", single).isNotNull();
    assertThat(poolSuspect.path("instances").asLong()).isEqualTo(pools);
    assertThat(poolSuspect.path("holder").asText()).isEqualTo("thread pools pool-N-thread-N");
    assertThat(poolSuspect.path("title").asText())
        .startsWith(pools + " thread pools never shut down");
    assertThat(poolSuspect.path("explanation").asText())
        .contains("java.util.concurrent.ThreadPoolExecutor")
        .contains(pools + " threads")
        .contains("MB of stacks");

    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("grown.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("thread-pools");
    assertThat(first.path("instances").asLong()).isEqualTo(pools);
    assertThat(first.path("title").asText()).contains("grew in every one of 3 dumps");
    assertThat(first.path("growthBytes").asLong()).isPositive();
  }

  /**
   * A {@code java.util.Timer} per job, never cancelled, each with the job's timeout an hour away:
   * their threads wait in {@code TimerThread.mainLoop} holding a few hundred bytes each, and no
   * size rule saw them. They are the same leak as the pools, counted as timers.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void timersNeverCancelledAreASuspectWithTheirCount(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "timers", dir);
    int timers = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("timers.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("thread-pools");
    assertThat(first.path("holder").asText()).isEqualTo("timers job-timeout-N-N");
    assertThat(first.path("instances").asLong()).isEqualTo(timers);
    assertThat(first.path("title").asText())
        .startsWith(timers + " timers never cancelled")
        .contains("grew in every one of 3 dumps");
    assertThat(first.path("explanation").asText())
        .contains("TimerThread.mainLoop", "cancel()", PlantedLeaksProgram.class.getName());
  }

  /**
   * A {@code ForkJoinPool} per job, never shut down: not a {@code ThreadPoolExecutor}, so its pools
   * are told apart by the first number of their threads' names ({@code ForkJoinPool-N-worker-N}),
   * as Netty's event loop groups are ({@code multiThreadIoEventLoopGroup-N-N}, the corpus's
   * quote-feed program). Such pools were no suspect at all.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void forkJoinPoolsNeverShutDownAreASuspectWithTheirCount(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "fork-join-pools", dir);
    int pools = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("fj.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("thread-pools");
    assertThat(first.path("holder").asText()).isEqualTo("thread pools ForkJoinPool-N-worker-N");
    assertThat(first.path("instances").asLong()).isEqualTo(pools);
    assertThat(first.path("title").asText())
        .startsWith(pools + " thread pools never shut down")
        .contains("grew in every one of 3 dumps");
    // one pool's thread is at work in the job's code: it does not hide the other pools
    assertThat(first.path("title").asText()).contains("(" + (pools - 1) + " idle threads");
    assertThat(first.path("explanation").asText())
        .contains("java.util.concurrent.ForkJoinWorkerThread", "shut it down")
        .contains("(and 1 at work, in 1 pool)");
  }

  /**
   * Pools that keep, each, an object that a registry holds too (a connection pool per tenant and
   * its tenant's database, which the database engine's static map keeps): no one object retains
   * those objects, and they are what the pools keep. The pools are the one suspect, with those
   * bytes; the registry is no suspect of its own.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void whatLeakedPoolsKeepWithARegistryIsThePoolsSuspect(Path home, @TempDir Path dir) {
    List<Path> dumps =
        PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "tenant-housekeepers", dir);
    int pools = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("tenants.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("thread-pools");
    assertThat(first.path("instances").asLong()).isEqualTo(pools);
    // each tenant's 20,000-byte pages, through the pools' threads
    assertThat(first.path("retainedBytes").asLong()).isGreaterThan(pools * 20_000L);
    assertThat(first.path("explanation").asText())
        .contains(pools + " × " + PlantedLeaksProgram.class.getName() + "$TenantDatabase");
    for (JsonNode s : grown) {
      assertThat(s.path("holder").asText()).as("%s", s).doesNotEndWith(".DATABASES");
    }
  }

  /**
   * What leaked pools keep is held by their threads' frames (the executor is {@code getTask}'s
   * {@code this}, and the worker's), not by the thread objects: the suspect's bytes count it.
   * Before, a pool of Netty's timers was said to keep 40 KB for the 1.9 MB of its wheels.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void whatThePoolsThreadsFramesHoldIsThePoolsBytes(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "buffered-pools", dir);
    int pools = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("buffered.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("thread-pools");
    assertThat(first.path("instances").asLong()).isEqualTo(pools);
    assertThat(first.path("retainedBytes").asLong())
        .isGreaterThan((long) pools * PlantedLeaksProgram.BUFFER_BYTES);
    assertThat(first.path("growthBytes").asLong())
        .isGreaterThan(2L * PlantedLeaksProgram.POOLS_PER_STEP * PlantedLeaksProgram.BUFFER_BYTES);
  }

  /**
   * A library's client per job, never closed, each with an I/O thread of its own whose name holds
   * one number, as Kafka's producers have: no executor runs them, and such names were left alone,
   * one number being as likely to number one pool's threads. The clients' threads are the first
   * suspect, with their count and what their senders keep; the library's one shared pool, whose 12
   * idle threads are named with one number too, is none.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void clientsNeverClosedAreASuspectByTheirOwnThreads(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "client-threads", dir);
    int clients = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("clients.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("thread-pools");
    assertThat(first.path("holder").asText()).isEqualTo("threads telemetry-sender | client-N");
    assertThat(first.path("instances").asLong()).isEqualTo(clients);
    assertThat(first.path("title").asText())
        .startsWith(clients + " threads never stopped")
        .contains("grew in every one of 3 dumps");
    assertThat(first.path("retainedBytes").asLong())
        .isGreaterThan((long) clients * TelemetryClient.BUFFER_BYTES);
    assertThat(first.path("explanation").asText())
        .contains(TelemetryClient.class.getName() + "$Sender", "never closed")
        .doesNotContain("a field of the application");
    JsonNode single =
        AnalyzedDump.analyze(dumps.get(2), dir.resolve("single.json")).section("suspects");
    assertThat(single.findValuesAsText("holder"))
        .as("suspects of one dump: %s", single)
        .contains("threads telemetry-sender | client-N");
    for (JsonNode s : List.of(grown, single)) {
      assertThat(s.toString()).doesNotContain("telemetry-worker");
    }
  }

  /**
   * Timers dropped with no task left whose threads have not ended yet: their cleaner has not run
   * (blocked here; under ZGC it often runs after the next dump). No timer keeps those threads, and
   * they end by themselves: no suspect, where before they were "60 timers never cancelled",
   * growing. Timers kept in a list, with no task, are still one.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void threadsOfTimersAlreadyCollectedAreNoLeak(Path home, @TempDir Path dir) {
    List<Path> dumps =
        PlantedLeaksGrowthTest.threeDumps(
            Jdk.require(home),
            "ending-timers",
            dir,
            List.of("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"));
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("ending.json")).section("suspects");
    assertThat(grown.toString()).doesNotContain("session-expiry");
    assertThat(grown.findValuesAsText("holder")).contains("timers kept-timer-N-N");
    for (JsonNode s : grown) {
      if (s.path("holder").asText().equals("timers kept-timer-N-N")) {
        assertThat(s.path("instances").asLong())
            .isEqualTo(3 * PlantedLeaksProgram.KEPT_TIMERS_PER_STEP);
      }
    }
  }

  /**
   * The same clients kept in a map of the application, one per tenant: the suspect names that map,
   * where they are made and kept, which its threads alone did not show.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void clientsKeptInAnApplicationMapNameIt(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "kept-clients", dir);
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("kept.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("thread-pools");
    assertThat(first.path("instances").asLong()).isEqualTo(3 * PlantedLeaksProgram.POOLS_PER_STEP);
    assertThat(first.path("explanation").asText())
        .contains(
            "kept by "
                + PlantedLeaksProgram.class.getName()
                + ".TENANT_CLIENTS, a field of the application");
  }

  /**
   * Pools that end by themselves (an executor per job whose thread times out, never shut down):
   * more of them in each dump (20, 40, 60), but none left from the dump before. Every pool more
   * counted as growth, so such pools were a growing suspect; now the oldest dump's pools must still
   * be there. Each dump alone still shows its pools.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void poolsThatEndByThemselvesAreNoGrowth(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "expiring-pools", dir);
    for (int i = 0; i < 3; i++) {
      JsonNode single =
          AnalyzedDump.analyze(dumps.get(i), dir.resolve("single-" + i + ".json"))
              .section("suspects");
      JsonNode pools = null;
      for (JsonNode s : single) {
        if (s.path("holder").asText().equals("thread pools pool-N-thread-N")) {
          pools = s;
        }
      }
      assertThat(pools).as("the pools of dump %d alone: %s", i + 1, single).isNotNull();
      assertThat(pools.path("instances").asLong())
          .isEqualTo((i + 1L) * PlantedLeaksProgram.POOLS_PER_STEP);
    }
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("grown.json")).section("suspects");
    for (JsonNode s : grown) {
      assertThat(s.path("kind").asText()).as("%s", s).isNotEqualTo("thread-pools");
    }
  }

  /**
   * Calls with no read timeout to a peer that never answers, on a cached pool: each keeps a thread
   * blocked in the socket's read, 20 more per step. The threads are one suspect, by the application
   * frame they wait in, with their pool and the advice to set a read timeout; before, a thread
   * blocked on I/O was not a waiting thread, and there was no suspect.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void callsThatNeverGetAnAnswerAreASuspectByTheirThreads(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "hung-calls", dir);
    int calls = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode first = hungCallsSuspect(dumps, dir.resolve("calls.json"));
    assertThat(first.path("title").asText())
        .startsWith(calls + " threads blocked on a socket in ")
        .contains("grew in every one of 3 dumps");
    assertThat(first.path("retainedBytes").asLong()).isGreaterThan(calls * 4096L);
    assertThat(first.path("explanation").asText())
        .contains(
            calls + " threads are blocked on a socket",
            "read timeout",
            "All " + calls + " are threads of one java.util.concurrent.ThreadPoolExecutor");
  }

  /** Suspect 1 of the newest of the calls' dumps: the threads waiting in the call. */
  private static JsonNode hungCallsSuspect(List<Path> dumps, Path json) {
    JsonNode grown = AnalyzedDump.newestAgainstOlder(dumps, json).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("blocked-threads");
    assertThat(first.path("holder").asText())
        .startsWith(
            "threads waiting in " + PlantedLeaksProgram.class.getName() + ".callWithoutTimeout(");
    return first;
  }

  /**
   * The same calls on virtual threads (JDK 21 and later): a virtual thread that waits on a socket
   * parks under the socket's frames rather than blocking in {@code Net.poll}, and holds no stack
   * outside the heap. They are virtual threads blocked on a socket, with no estimate of stacks
   * reserved by {@code -Xss}; before, they were "parked", with 1 MB of stack each.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void callsOnVirtualThreadsThatNeverGetAnAnswerAreBlockedOnASocket(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    assumeTrue(jdk.feature() >= 21, "virtual threads need JDK 21 or later; this is " + jdk);
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(jdk, "virtual-hung-calls", dir);
    int calls = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode first = hungCallsSuspect(dumps, dir.resolve("virtual.json"));
    assertThat(first.path("title").asText())
        .startsWith(calls + " virtual threads blocked on a socket in ")
        .contains("grew in every one of 3 dumps")
        .doesNotContain("MB of stacks");
    assertThat(first.path("explanation").asText())
        .contains(calls + " virtual threads are blocked on a socket", "read timeout")
        .doesNotContain("-Xss");
  }

  /**
   * The same calls through one {@code synchronized} method: one thread waits on the socket with the
   * lock, the others are blocked on the lock, each at the method's first line, holding 256 bytes
   * each, far below any share of the heap. They are one suspect by their number, which grows, with
   * the thread that most likely holds the lock; before, a thread with no waiting frame was no
   * waiting thread, and a few KB of growth no growth.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void threadsPiledUpBehindALockAreASuspectByTheirNumber(Path home, @TempDir Path dir) {
    List<Path> dumps = PlantedLeaksGrowthTest.threeDumps(Jdk.require(home), "locked-calls", dir);
    int blocked = 3 * PlantedLeaksProgram.POOLS_PER_STEP - 1;
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("locked.json")).section("suspects");
    JsonNode first = grown.get(0);
    assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("blocked-threads");
    assertThat(first.path("holder").asText())
        .startsWith("threads waiting in " + PlantedLeaksProgram.class.getName() + ".lockedCall(");
    assertThat(first.path("title").asText())
        .startsWith(blocked + " threads stopped at ")
        .contains("grew in every one of 3 dumps");
    assertThat(first.path("trend").asText()).isEqualTo("growing");
    assertThat(first.path("retainedBytes").asLong()).isLessThan(100_000);
    assertThat(first.path("explanation").asText())
        .contains(
            "synchronized",
            "(blocked on a socket in "
                + PlantedLeaksProgram.class.getName()
                + ".callWithoutTimeout(",
            "All " + blocked + " are threads of one java.util.concurrent.ThreadPoolExecutor");
  }

  /**
   * The same calls by {@code CompletableFuture.supplyAsync} with its default executor and the
   * common pool's parallelism at 1 (a machine of one or two processors). JDK 17 then runs each task
   * on a new thread: the threads are the suspect, and the explanation says why there are so many
   * and what to pass instead. JDK 25 uses the common pool: its queue of waiting tasks is the
   * suspect, held by {@code ForkJoinPool.common}, with the stuck worker in its explanation, and the
   * worker, whose frame refers to the queue's array, is no second suspect of the same bytes.
   */
  @ParameterizedTest(name = "on {0}")
  @MethodSource("homes")
  void asyncCallsThatNeverGetAnAnswerAreNamedByWhatRunsThem(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        jdk.feature() == 17 || jdk.feature() >= 25,
        "the default executor of CompletableFuture is checked on JDK 17 and 25 only: " + jdk);
    List<Path> dumps =
        PlantedLeaksGrowthTest.threeDumps(
            jdk,
            "async-calls",
            dir,
            List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=1"));
    int calls = 3 * PlantedLeaksProgram.POOLS_PER_STEP;
    JsonNode grown =
        AnalyzedDump.newestAgainstOlder(dumps, dir.resolve("async.json")).section("suspects");
    JsonNode first = grown.get(0);
    String frame = PlantedLeaksProgram.class.getName() + ".callWithoutTimeout(";
    if (jdk.feature() == 17) {
      assertThat(first.path("kind").asText())
          .as("suspects: %s", grown)
          .isEqualTo("blocked-threads");
      assertThat(first.path("title").asText())
          .startsWith(calls + " threads blocked on a socket in ");
      assertThat(first.path("explanation").asText())
          .contains("CompletableFuture starts a new thread per task", "an executor of your own");
    } else {
      assertThat(first.path("kind").asText()).as("suspects: %s", grown).isEqualTo("accumulation");
      assertThat(first.path("holder").asText())
          .isEqualTo("java.util.concurrent.ForkJoinPool.common");
      assertThat(first.path("instances").asLong()).isEqualTo(calls - 1);
      assertThat(first.path("explanation").asText()).contains("is waiting in " + frame);
      for (JsonNode s : grown) {
        assertThat(s.path("holder").asText()).as("%s", s).doesNotStartWith("threads waiting in");
      }
    }
    assertThat(first.path("trend").asText()).isEqualTo("growing");
  }
}
