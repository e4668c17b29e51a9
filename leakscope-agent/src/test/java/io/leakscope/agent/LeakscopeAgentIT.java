package io.leakscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code target/leakscope-agent.jar} as a {@code -javaagent} in child JVMs: the running JDK
 * and, when installed, Temurin 25.
 *
 * <p>What a user sees on bad options (JDK 17 and 25): exactly one line on stderr, {@code
 * leakscope-agent: …}, nothing on stdout, exit status 1, and {@code main} never runs (see {@link
 * LeakscopeAgent} for why premain exits instead of throwing).
 */
class LeakscopeAgentIT {

  private static final Path AGENT_JAR = Path.of("target", "leakscope-agent.jar").toAbsolutePath();
  private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir Path dir;

  static Stream<String> javaHomes() {
    List<String> homes = new ArrayList<>();
    homes.add(System.getProperty("java.home"));
    homes.add(TEMURIN_25.toString());
    return homes.stream();
  }

  private static Path java(String home) {
    Path java = Path.of(home, "bin", "java");
    if (!Files.isExecutable(java)) {
      System.out.println("skipped: no JDK at " + home);
    }
    assumeTrue(Files.isExecutable(java), "no JDK at " + home);
    return java;
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void leakingProgramLeavesLeakSuspectedAndAHeapDump(String home) throws Exception {
    Path evidence = dir.resolve("evidence");
    Process p =
        start(
            java(home),
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-javaagent:" + AGENT_JAR + "=dir=" + evidence + ",window=20s,warmup=3s,check=1s",
            "-cp",
            Path.of("target", "test-classes").toAbsolutePath().toString(),
            LeakingProgram.class.getName(),
            "90");
    Path events = evidence.resolve("events.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(75);
    boolean leak = false;
    boolean dump = false;
    try {
      while (System.nanoTime() < deadline && !(leak && dump) && p.isAlive()) {
        Thread.sleep(500);
        leak = Files.exists(events) && Files.readString(events).contains("\"LEAK_SUSPECTED\"");
        dump = listNames(evidence).stream().anyMatch(n -> n.endsWith(".hprof.gz"));
      }
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
    String stderr = Files.readString(dir.resolve("stderr.txt"));
    assertThat(stderr)
        .startsWith("leakscope-agent: watching, evidence in " + evidence + " (window 20s)");
    assertThat(leak).as("LEAK_SUSPECTED in %s; stderr %s", events, stderr).isTrue();
    assertThat(dump).as("a .hprof.gz in %s", listNames(evidence)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void malformedDurationStopsTheJvm(String home) throws Exception {
    assertJvmRefusesToStart(
        java(home),
        "dir=" + dir.resolve("ev") + ",window=abc",
        "leakscope-agent: window=abc (expected a duration like 30s, 10m)");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void unknownOptionStopsTheJvm(String home) throws Exception {
    assertJvmRefusesToStart(
        java(home),
        "dir=" + dir.resolve("ev") + ",foo=1",
        "leakscope-agent: foo=1 (unknown option; expected one of [dir, window,");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void missingDirStopsTheJvm(String home) throws Exception {
    assertJvmRefusesToStart(
        java(home),
        "window=30s",
        "leakscope-agent: dir is required (expected dir=DIR, the evidence directory)");
  }

  @Test
  void jarHoldsTheWatchdogOnlyUnderItsRelocatedName() throws IOException {
    try (JarFile jar = new JarFile(AGENT_JAR.toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
      assertThat(names).noneMatch(n -> n.startsWith("io/leakscope/watchdog/"));
      assertThat(names).noneMatch(n -> n.endsWith("module-info.class"));
      assertThat(names)
          .contains(
              "io/leakscope/agent/LeakscopeAgent.class",
              "io/leakscope/agent/shaded/watchdog/Watchdog.class",
              "io/leakscope/agent/shaded/watchdog/DiagnosticsServer.class");
      assertThat(names)
          .allMatch(
              n ->
                  n.equals("io/")
                      || n.equals("io/leakscope/")
                      || n.startsWith("io/leakscope/agent/")
                      || n.startsWith("META-INF/"));
      assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class"))
          .isEqualTo(LeakscopeAgent.class.getName());
      assertThat(jar.getManifest().getMainAttributes().getValue("Agent-Class"))
          .isEqualTo(LeakscopeAgent.class.getName());
    }
  }

  private void assertJvmRefusesToStart(Path java, String agentArgs, String ourLine)
      throws Exception {
    Process p =
        start(java, "-javaagent:" + AGENT_JAR + "=" + agentArgs, "-version");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isNotZero();
    assertThat(p.exitValue()).as(stderr).isEqualTo(1);
    assertThat(stderr.lines().toList()).as(stderr).hasSize(1);
    assertThat(stderr).as(stderr).startsWith(ourLine);
    assertThat(stderr.lines()).noneMatch(l -> l.startsWith("\tat "));
    assertThat(Files.readString(dir.resolve("stdout.txt"))).as("-version never ran").isEmpty();
    assertThat(Files.exists(dir.resolve("ev"))).as("no evidence directory").isFalse();
  }

  private Process start(Path java, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
  }

  private static List<String> listNames(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(x -> x.getFileName().toString()).toList();
    }
  }
}
