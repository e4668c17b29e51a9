package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.it.programs.SessionLeakProgram;
import io.leakscope.cli.it.programs.SmallMapProgram;
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
    Path dump;
    try (ChildJvm child = ChildJvm.start(jdk, SessionLeakProgram.class, List.of())) {
      dump = child.heapDump(dir.resolve("leak.hprof"), false);
    }
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
    Path dump;
    try (ChildJvm child = ChildJvm.start(jdk, SmallMapProgram.class, List.of())) {
      dump = child.heapDump(dir.resolve("small.hprof"), false);
    }
    JsonNode suspects = AnalyzedDump.analyze(dump, dir.resolve("small.json")).section("suspects");
    assertThat(suspects.size()).as("suspects of %s", jdk).isGreaterThan(0);
    assertThat(suspects.get(0).path("holder").asText())
        .isEqualTo(SmallMapProgram.class.getName() + ".MAP");
    for (JsonNode s : suspects) {
      assertThat(s.path("holder").asText()).as("%s", s).doesNotStartWith("JNI global");
    }
  }
}
