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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link G1CycleRequests} in real JVMs (JDK 17 and, when installed, 25): on default G1 an armed
 * request starts a concurrent cycle, which the JVM's own GC log names "G1 Periodic Collection"
 * (Concurrent Start), its Remark and Cleanup give the watchdog a live-set reading, and the flag is
 * back at 0 afterwards; on Serial, and with the flag set by the operator, no request is made at
 * all.
 */
// waits on child JVMs: runs beside the other classes (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
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
    assertThat(out).contains("cycles=1").contains("flag=0");
    String log = Files.readString(gcLog);
    assertThat(log).contains("Pause Young (Concurrent Start) (G1 Periodic Collection)");
    assertThat(log).contains("Pause Remark").contains("Pause Cleanup");
    assertThat(log).doesNotContain("Pause Full");
    // the cycle gave the watchdog a live-set reading; before JDK 20 through HotSpot's counters
    assertThat(readings(out, "readings")).as(out).isPositive();
    if (Jdk.require(home).feature() < 20) {
      assertThat(readings(out, "cycleEndReadings")).as(out).isPositive();
    }
  }

  /**
   * Without HotSpot's counters in a file ({@code -XX:-UsePerfData}) JDK 17 to 19 do not hear a
   * cycle end, so nothing is requested; JDK 20 and later hear it from "G1 Concurrent GC".
   */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void withoutPerfDataOnlyJdk20AndLaterRequest(Path home) throws Exception {
    String out = run(home, dir.resolve("noperf.log"), "-XX:+UseG1GC", "-XX:-UsePerfData");
    if (Jdk.require(home).feature() < 20) {
      assertThat(out).contains("requests=none");
    } else {
      assertThat(out).contains("cycles=1");
    }
  }

  private static long readings(String out, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^" + name + "=(\\d+)$").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Long.parseLong(m.group(1));
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
