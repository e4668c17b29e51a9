package io.leakscope.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.spring.boot.app.AgentProbe;
import io.leakscope.testing.Jdk;
import java.io.IOException;
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
 * A Spring Boot application started, as on Kubernetes, with the real agent jar in {@code
 * JAVA_TOOL_OPTIONS}: the agent runs its watchdog, and the starter starts none and says why in one
 * log line. On every JDK found.
 */
class AttachedAgentChildJvmTest {

  private static final Path AGENT = Path.of("../leakscope-agent/target/leakscope-agent.jar");

  @TempDir Path dir;

  static Stream<String> jdks() {
    return Jdk.candidateHomes().stream().map(Path::toString);
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void theStarterStandsAsideForTheAgent(String home) throws IOException, InterruptedException {
    Jdk jdk = Jdk.require(Path.of(home));
    assumeTrue(Files.isRegularFile(AGENT), "leakscope-agent.jar not built: " + AGENT);
    Path agentDir = dir.resolve("agent");
    Path starterDir = dir.resolve("starter");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    jdk.java().toString(),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    AgentProbe.class.getName(),
                    "--leakscope.evidence-dir=" + starterDir))
            .redirectErrorStream(true);
    builder
        .environment()
        .put(
            "JAVA_TOOL_OPTIONS",
            "-javaagent:" + AGENT.toAbsolutePath() + "=dir=" + agentDir + ",check=1s");
    Process process = builder.start();
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("watchdog beans: 0");
    assertThat(output).contains("is attached and runs its own watchdog: the starter starts none");
    // the application's registry reads the agent's watchdog instead
    assertThat(output).contains("leakscope.state meters: 1");
    // The agent's watchdog ran; the starter's directory was never made.
    assertThat(agentDir.resolve("events.jsonl")).exists();
    assertThat(starterDir).doesNotExist();
  }
}
