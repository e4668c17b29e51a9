package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.it.programs.CompiledRulesProgram;
import io.leakscope.cli.it.programs.QueueBacklogProgram;
import io.leakscope.cli.it.programs.SessionLeakProgram;
import io.leakscope.cli.it.programs.SmallMapProgram;
import io.leakscope.cli.it.programs.StuckWorkerProgram;
import io.leakscope.cli.it.programs.TagIndexProgram;
import io.leakscope.cli.it.programs.ThreadLocalPlugin;
import io.leakscope.cli.it.programs.ThreadLocalPluginProgram;
import io.leakscope.cli.it.programs.TwoHoldersProgram;
import io.leakscope.cli.it.programs.TwoWebappsProgram;
import io.leakscope.cli.it.programs.VirtualWaitersProgram;
import io.leakscope.cli.it.programs.WebappOne;
import io.leakscope.testing.Jdk;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** In a real JVM's dump, the biggest leak is suspect number one, named by its field. */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class LeakSuspectsInRealDumpTest {
  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void staticSessionMapIsTheFirstSuspectWithItsValueClass(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, SessionLeakProgram.class, dir.resolve("leak.hprof"));
    JsonNode suspects = AnalyzedDump.analyze(dump, dir.resolve("leak.json")).section("suspects");
    assertThat(suspects.size()).as("suspects of %s", jdk).isGreaterThan(0);
    JsonNode first = suspects.get(0);
    String program = SessionLeakProgram.class.getName();
    assertThat(first.path("rank").asInt()).isEqualTo(1);
    assertThat(first.path("holder").asText()).isEqualTo(program + ".SESSIONS");
    assertThat(first.path("accumulatedClass").asText()).isEqualTo(program + "$Session");
    assertThat(first.path("instances").asLong()).isEqualTo(6000);
    assertThat(first.path("pathFromGcRoot").get(0).asText())
        .isEqualTo("static " + program + ".SESSIONS");
    assertThat(first.path("growthBytes").isNull()).isTrue();
  }

  /**
   * In a small program's dump the JVM's own structures held by JNI global references are a tenth of
   * the heap or more (on JDK 17 with class-data sharing, its archive's roots: an {@code Object[]}
   * of about 4,000 strings, 17% of a 2 MB heap); no code of the program adds to them, so they are
   * no suspect. The program's map is.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theJvmsOwnRootsAreNoSuspectInASmallHeap(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, SmallMapProgram.class, dir.resolve("small.hprof"));
    JsonNode suspects = AnalyzedDump.analyze(dump, dir.resolve("small.json")).section("suspects");
    assertThat(suspects.size()).as("suspects of %s", jdk).isGreaterThan(0);
    assertThat(suspects.get(0).path("holder").asText())
        .isEqualTo(SmallMapProgram.class.getName() + ".MAP");
    for (JsonNode s : suspects) {
      assertThat(s.path("holder").asText()).as("%s", s).doesNotStartWith("JNI global");
    }
  }

  /**
   * The class loader dominates its classes' static fields. When one holder has 80% of them, the
   * descent from the loader runs into it; started there, the suspect once took the loader's bytes
   * and swallowed the other holder, whose 2,000 arrays it counted as its own (42,000) while the
   * holder itself, a seventh of the heap, went unreported.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aDominantHolderDoesNotSwallowTheOtherStaticHolders(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, TwoHoldersProgram.class, dir.resolve("two.hprof"));
    AnalyzedDump analyzed = AnalyzedDump.analyze(dump, dir.resolve("two.json"));
    JsonNode suspects = analyzed.section("suspects");
    String orders = TwoHoldersProgram.Orders.class.getName() + ".BY_ID";
    String audit = TwoHoldersProgram.Audit.class.getName() + ".LOG";
    assertThat(suspects.size()).as("suspects of %s", jdk).isGreaterThanOrEqualTo(2);
    assertThat(suspects.get(0).path("holder").asText()).isEqualTo(orders);
    assertThat(suspects.get(0).path("instances").asLong()).isEqualTo(40_000);
    assertThat(suspects.get(1).path("holder").asText()).isEqualTo(audit);
    assertThat(suspects.get(1).path("instances").asLong()).isEqualTo(2_000);
    // each suspect's bytes are its own holder's, the object its field points to
    for (int k = 0; k < 2; k++) {
      JsonNode s = suspects.get(k);
      String field = "static " + s.path("holder").asText();
      long own =
          analyzed.dominators().stream()
              .filter(d -> !d.pathFromGcRoot().isEmpty())
              .filter(d -> d.pathFromGcRoot().get(d.pathFromGcRoot().size() - 1).equals(field))
              .mapToLong(AnalyzedDump.Dominator::retainedBytes)
              .findFirst()
              .orElseThrow();
      assertThat(s.path("retainedBytes").asLong()).as("%s", field).isEqualTo(own);
    }
  }

  /**
   * A linked queue's nodes are a chain: each dominates the rest, so the descent once ran down it to
   * its last few nodes and reported "4 instances" for an executor's backlog of 9,000. It stops at
   * the chain's first node now. The queue's last node is held by its {@code last} field too, so its
   * element is the queue's own: 5,999 of the 6,000 are under the first node.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aLinkedQueuesBacklogCountsEveryElement(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, QueueBacklogProgram.class, dir.resolve("queue.hprof"));
    JsonNode first =
        AnalyzedDump.analyze(dump, dir.resolve("queue.json")).section("suspects").get(0);
    assertThat(first.path("holder").asText())
        .isEqualTo(QueueBacklogProgram.class.getName() + ".BACKLOG");
    assertThat(first.path("accumulatedClass").asText()).isEqualTo("byte[]");
    assertThat(first.path("instances").asLong()).isBetween(5_999L, 6_000L);
  }

  /**
   * A worker stuck in front of its executor's queue holds the queue on its stack, as the executor's
   * field does: one leak, one suspect. Once it was two, the stuck thread first ("threads waiting in
   * …", retaining the executor) and the field's backlog second; the field names the suspect now,
   * and the thread and where it waits are in it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWorkerStuckInFrontOfItsQueueIsPartOfTheBacklogsSuspect(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, StuckWorkerProgram.class, dir.resolve("stuck.hprof"));
    JsonNode suspects = AnalyzedDump.analyze(dump, dir.resolve("stuck.json")).section("suspects");
    JsonNode first = suspects.get(0);
    assertThat(first.path("holder").asText())
        .isEqualTo(StuckWorkerProgram.class.getName() + ".EXPORTS");
    assertThat(first.path("accumulatedClass").asText())
        .isEqualTo(StuckWorkerProgram.Export.class.getName());
    // 3,000 queued; the last node is the queue's own (its last field), as above
    assertThat(first.path("instances").asLong()).isBetween(2_999L, 3_000L);
    assertThat(first.path("threads").toString()).contains("export-worker");
    assertThat(first.path("stackTrace").toString()).contains("SlowDownstream.run");
    // the worker runs the program's code: it may be the consumer that is stuck
    assertThat(first.path("explanation").asText()).contains("waiting in").contains("stuck there");
    for (JsonNode s : suspects) {
      assertThat(s.path("kind").asText()).as("%s", s).isNotEqualTo("blocked-threads");
    }
  }

  /**
   * Old copies of a plugin pinned by the values their ThreadLocals left on a pool's threads: one
   * class-loader suspect of the 20 copies, whose bytes are what the loaders and their classes
   * retain, each object once, and whose explanation says that a ThreadLocal's value pins them and
   * what to do. Summed loader by loader and class by class, the bytes of a class that dominates its
   * loader were counted again under the loader, and a corpus program's loaders were "183% of the
   * heap".
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void oldCopiesPinnedByThreadLocalsAreCountedOnce(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, ThreadLocalPluginProgram.class, dir.resolve("plugins.hprof"));
    AnalyzedDump analyzed = AnalyzedDump.analyze(dump, dir.resolve("plugins.json"));
    JsonNode loaders = null;
    int loaderSuspects = 0;
    for (JsonNode s : analyzed.section("suspects")) {
      if (s.path("kind").asText().equals("class-loader")) {
        loaders = s;
        loaderSuspects++;
      }
    }
    assertThat(loaders).as("the class-loader suspect").isNotNull();
    // copies pinned by either thread of the pool, or by both, are one suspect
    assertThat(loaderSuspects).as("class-loader suspects").isEqualTo(1);
    int copies = ThreadLocalPluginProgram.COPIES;
    // the first copy is the live one: the others are its duplicates, and it theirs
    assertThat(loaders.path("instances").asLong()).isBetween(copies - 1L, (long) copies);
    long bytes = loaders.path("retainedBytes").asLong();
    long templates = 64 * 1024;
    assertThat(bytes).isBetween((copies - 1) * templates, copies * (templates + 24 * 1024));
    // what pins them, and what to do
    assertThat(loaders.path("explanation").asText())
        .contains(
            "pinned through a ThreadLocal's value (a "
                + ThreadLocalPlugin.class.getName()
                + "$Formatter)",
            "remove()");
    JsonNode dumpInfo = analyzed.section("dump");
    assertThat(bytes)
        .isLessThan(
            dumpInfo.path("totalShallowBytes").asLong()
                - dumpInfo.path("unreachableBytes").asLong());
  }

  /**
   * Classes compiled at run time and kept, as a script engine keeps them: each in a loader of its
   * own, all in one cache. The suspect is the cache's, reached from the program's static field (not
   * from a compiled class through its loader, where the search for paths used to start), and what
   * accumulates is the classes (not the strings of their names, one per class too, which rank
   * before classes otherwise).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void classesCompiledAtRunTimeAndKeptAreTheirCachesSuspect(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, CompiledRulesProgram.class, dir.resolve("rules.hprof"));
    JsonNode first =
        AnalyzedDump.analyze(dump, dir.resolve("rules.json")).section("suspects").get(0);
    String program = CompiledRulesProgram.class.getName();
    assertThat(first.path("kind").asText()).isEqualTo("accumulation");
    assertThat(first.path("holder").asText()).isEqualTo(program + "$RuleCache.classes");
    assertThat(first.path("pathFromGcRoot").get(0).asText())
        .isEqualTo("static " + program + ".SERVICE");
    assertThat(first.path("accumulatedClass").asText()).isEqualTo("java.lang.Class");
    int rules = CompiledRulesProgram.RULES;
    // the newest class is held by the main thread too
    assertThat(first.path("instances").asLong()).isBetween(rules - 1L, (long) rules);
    assertThat(first.path("retainedBytes").asLong())
        .isGreaterThan((rules - 1L) * CompiledRulesProgram.SOURCE_BYTES);
    assertThat(first.path("explanation").asText())
        .contains(
            "Each is a class, such as rules.Rule",
            "defined by a " + program + "$RuleLoader",
            "Metaspace");
  }

  /**
   * A leak in a map of a library the built-in list does not know is named by the application's
   * field that holds the map, not by the map's own field: the dump names the program as its main
   * class, whose top two packages are the application's, and every other package a library's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aLibraryTheListDoesNotKnowIsALibraryWhenTheDumpNamesItsMainClass(
      Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, TagIndexProgram.class, dir.resolve("tags.hprof"));
    AnalyzedDump analyzed = AnalyzedDump.analyze(dump, dir.resolve("tags.json"));
    String program = TagIndexProgram.class.getName();
    assertThat(analyzed.section("dump").path("mainClass").asText()).isEqualTo(program);
    JsonNode first = analyzed.section("suspects").get(0);
    assertThat(first.path("holder").asText()).isEqualTo(program + ".TAGS");
    assertThat(first.path("accumulatedClass").asText()).isEqualTo(program + "$TagStats");
    assertThat(first.path("instances").asLong()).isEqualTo(TagIndexProgram.TAGS_ADDED);
  }

  /**
   * Two applications in loaders of their own, each with lambdas: a lambda's hidden class is held by
   * its call site and listed by no loader, which is not a class held elsewhere, so the
   * applications' classes still start paths and the leak reads as their static field.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void applicationsInLoadersOfTheirOwnWithLambdasStillReadAsTheirStaticFields(
      Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    Path dump = dumpOf(jdk, TwoWebappsProgram.class, dir.resolve("webapps.hprof"));
    JsonNode first =
        AnalyzedDump.analyze(dump, dir.resolve("webapps.json")).section("suspects").get(0);
    String leak = WebappOne.class.getName() + ".CACHE";
    assertThat(first.path("holder").asText()).isEqualTo(leak);
    assertThat(first.path("pathFromGcRoot").get(0).asText()).isEqualTo("static " + leak);
    assertThat(first.path("instances").asLong()).isEqualTo(TwoWebappsProgram.FIRST);
  }

  /**
   * Requests stuck on virtual threads (JDK 21 and later) hold what their stacks hold: a virtual
   * thread that waits is unmounted, and its stack in the dump ends where it yielded ({@code
   * Continuation.yield0}), not in {@code Unsafe.park}, so none of the 3,000 was "waiting" and the
   * three quarters of the heap they hold were no suspect.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void requestsStuckOnVirtualThreadsAreASuspect(Path home, @TempDir Path dir) {
    Jdk jdk = Jdk.require(home);
    assumeTrue(jdk.feature() >= 21, "virtual threads need JDK 21 or later; this is " + jdk);
    Path dump = dumpOf(jdk, VirtualWaitersProgram.class, dir.resolve("virtual.hprof"));
    JsonNode first =
        AnalyzedDump.analyze(dump, dir.resolve("virtual.json")).section("suspects").get(0);
    assertThat(first.path("kind").asText()).isEqualTo("blocked-threads");
    assertThat(first.path("holder").asText())
        .startsWith("threads waiting in " + VirtualWaitersProgram.class.getName() + ".handle(");
    assertThat(first.path("instances").asLong()).isEqualTo(VirtualWaitersProgram.REQUESTS);
    assertThat(first.path("accumulatedClass").asText()).isEqualTo("byte[]");
  }

  /**
   * A heap dump of {@code program} running in a child JVM of {@code jdk}, written to {@code file}.
   */
  private static Path dumpOf(Jdk jdk, Class<?> program, Path file) {
    try (ChildJvm child = ChildJvm.start(jdk, program, List.of())) {
      return child.heapDump(file, false);
    }
  }
}
