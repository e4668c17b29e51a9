package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.Jdk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link G1CycleRequests} in real JVMs (JDK 17 and, when installed, 25): on default G1 an armed
 * request starts a concurrent cycle, which the JVM's own GC log names "G1 Periodic Collection"
 * (Concurrent Start), and the flag is back at 0 afterwards; on Serial, and with the flag set by the
 * operator, no request is made at all.
 */
class G1CycleRequestsChildJvmTest {

  @TempDir Path dir;

  static Stream<Path> javaHomes() {
    return Jdk.candidateHomes().stream();
  }

  private String run(Path home, Path gcLog, String... options) throws Exception {
    Jdk jdk = Jdk.require(home);
    List<String> command = new java.util.ArrayList<>(List.of(jdk.java().toString(), "-Xmx128m"));
    command.addAll(List.of(options));
    command.add("-Xlog:gc:file=" + gcLog);
    command.addAll(List.of("-cp", Child.classPath(), G1CycleChild.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void anArmedRequestStartsOneConcurrentCycleAndTheFlagGoesBack(Path home) throws Exception {
    Path gcLog = dir.resolve("g1.log");
    String out = run(home, gcLog, "-XX:+UseG1GC");
    if (Jdk.require(home).feature() < 20) {
      assertThat(out)
          .as("before JDK 20 G1 reports no Remark or Cleanup: nothing to gain from a cycle")
          .contains("requests=none");
      assertThat(Files.readString(gcLog)).doesNotContain("G1 Periodic Collection");
      return;
    }
    assertThat(out).contains("cycles=1").contains("flag=0");
    String log = Files.readString(gcLog);
    assertThat(log).contains("Pause Young (Concurrent Start) (G1 Periodic Collection)");
    assertThat(log).contains("Concurrent Mark Cycle");
    assertThat(log).doesNotContain("Pause Full");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void noRequestsOnAnotherCollectorOrWhenTheOperatorSetTheFlag(Path home) throws Exception {
    assertThat(run(home, dir.resolve("serial.log"), "-XX:+UseSerialGC")).contains("requests=none");
    assertThat(run(home, dir.resolve("own.log"), "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=0"))
        .as("a flag given on the command line is the operator's, even at 0")
        .contains("requests=none");
  }
}
