package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.it.programs.SessionLeakProgram;
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
}
