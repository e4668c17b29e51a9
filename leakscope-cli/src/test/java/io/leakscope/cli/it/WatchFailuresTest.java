package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.cli.it.programs.WatchedProgram;
import io.leakscope.testing.Jdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leakscope watch} when it cannot watch: one line on standard error, no stack trace, and the
 * documented exit code (2 for a pid that is not a JVM to watch, 1 for a JVM that refuses or goes
 * away); and Ctrl-C, which ends a watch with exit code 0.
 */
class WatchFailuresTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @Test
  void pidOfNoProcessIsAUsageError() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Watch watch = Watch.run(Long.toString(gone.pid()));
    assertOneLineFailure(watch, 2, "no process with pid " + gone.pid());
  }

  @Test
  void processThatIsNotAJvmIsAUsageError() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      Watch watch = Watch.run(Long.toString(sleep.pid()));
      assertOneLineFailure(watch, 2, "process " + sleep.pid() + " (");
      assertThat(watch.err()).contains("is not a JVM");
      assertThat(sleep.isAlive()).as("not killed by the attach attempt").isTrue();
    } finally {
      sleep.destroyForcibly().waitFor();
    }
  }

  @Test
  void ownPidIsAUsageErrorWithAHint() {
    Watch watch = Watch.run(Long.toString(ProcessHandle.current().pid()));
    assertOneLineFailure(watch, 2, "pid " + ProcessHandle.current().pid() + " is this leakscope");
    assertThat(watch.err()).contains("-Djdk.attach.allowAttachSelf=true");
  }

  @Test
  void jvmWithAttachDisabledIsRefusedWithTheFlagNamed() throws Exception {
    Process jvm =
        startJava(
            "-XX:+DisableAttachMechanism",
            "-cp",
            classpathOf(WatchedProgram.class),
            WatchedProgram.class.getName());
    try {
      awaitLine(jvm, "READY");
      Watch watch = Watch.run(Long.toString(jvm.pid()));
      assertOneLineFailure(
          watch,
          1,
          "cannot attach to JVM "
              + jvm.pid()
              + ": it was started with -XX:+DisableAttachMechanism");
    } finally {
      jvm.destroyForcibly().waitFor();
    }
  }

  @Test
  void targetExitingWhileWatchedEndsTheWatchWithOneLine() throws Exception {
    Jdk jdk = Jdk.require(Path.of(System.getProperty("java.home")));
    ChildJvm child = ChildJvm.start(jdk, WatchedProgram.class, List.of());
    try {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  io.leakscope.cli.Main.execute(
                      new java.io.PrintWriter(out, true),
                      new java.io.PrintWriter(err, true),
                      "watch",
                      Long.toString(child.pid()),
                      "--plain",
                      "--interval",
                      "500ms"));
      awaitOutput(out, "sample 2");
      child.close();
      int code = exit.get(60, TimeUnit.SECONDS);
      assertOneLineFailure(
          new Watch(code, out.toString(), err.toString()),
          1,
          "target JVM " + child.pid() + " exited");
      assertThat(err.toString()).isEqualTo("leakscope: target JVM " + child.pid() + " exited\n");
    } finally {
      child.close();
    }
  }

  @Test
  void ctrlCEndsTheWatchWithExitCodeZero() throws Exception {
    Jdk jdk = Jdk.require(Path.of(System.getProperty("java.home")));
    try (ChildJvm child = ChildJvm.start(jdk, WatchedProgram.class, List.of())) {
      String pid = Long.toString(child.pid());
      Interrupted run =
          interruptAt(
              List.of("leakscope watch  pid " + pid + " ", "sample 2"),
              "watch",
              pid,
              "--interval",
              "500ms");
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).doesNotContain("\033").doesNotContain("Exception");
    }
  }

  /**
   * {@code memory --for} shares watch's Ctrl-C: stopped after a few of its 61 samples, it reports
   * those it took, with exit code 0, rather than end with nothing.
   */
  @Test
  void ctrlCEndsMemoryForWithTheSamplesTaken() throws Exception {
    Jdk jdk = Jdk.require(Path.of(System.getProperty("java.home")));
    try (ChildJvm child = ChildJvm.start(jdk, WatchedProgram.class, List.of())) {
      String pid = Long.toString(child.pid());
      Interrupted run =
          interruptAt(
              List.of("leakscope memory: sample 7 of 61"),
              "memory",
              pid,
              "--for",
              "60s",
              "--interval",
              "1s",
              "--warm-up",
              "1s");
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .containsPattern("leakscope memory: stopped after (7|8|9) of 61 samples \\(Ctrl-C\\)")
          .containsPattern("leakscope memory  pid " + pid + " .* (7|8|9) samples over ")
          .doesNotContain("Exception");
    }
  }

  /** What a command printed, and its exit code, when Ctrl-C stopped it. */
  private record Interrupted(int exitCode, String output) {}

  /**
   * Runs {@code leakscope ARGS} in a JVM of its own, sends it Ctrl-C once a line of its output
   * contains every one of {@code parts}, and waits for it to end.
   */
  private static Interrupted interruptAt(List<String> parts, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "--add-exports",
                "jdk.attach/sun.tools.attach=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.leakscope.cli.Main"));
    command.addAll(List.of(args));
    Process cli = startJavaWithDefaultInterrupt(command.toArray(String[]::new));
    try {
      String seen = awaitLine(cli, parts.toArray(String[]::new));
      new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as(seen).isTrue();
      String rest = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Interrupted(cli.exitValue(), seen + rest);
    } finally {
      cli.destroyForcibly().waitFor();
    }
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertOneLineFailure(
        Watch.run("1", "--dump=later"), 2, "--dump: 'later' (expected: growing or now)");
    assertOneLineFailure(
        Watch.run("1", "--interval", "0s"), 2, "Invalid value for option '--interval'");
    assertOneLineFailure(Watch.run("1", "--count", "3", "--once"), 2, "--count and --once");
    assertOneLineFailure(Watch.run("0"), 2, "PID: 0");
  }

  @Test
  void aDirThatIsAFileOrCannotBeCreatedIsAUsageError(@TempDir Path temp) throws Exception {
    Path file = Files.writeString(temp.resolve("file"), "not a directory");
    assertOneLineFailure(
        Watch.run("1", "--dump", "--dir", file.toString()),
        2,
        "--dir: " + file + " is not a directory");
    // A child of a file cannot be created; found once the target is attached.
    Jdk jdk = Jdk.require(Path.of(System.getProperty("java.home")));
    try (ChildJvm target = ChildJvm.start(jdk, WatchedProgram.class, List.of())) {
      Path under = file.resolve("evidence");
      assertOneLineFailure(
          Watch.run(Long.toString(target.pid()), "--dump", "--once", "--dir", under.toString()),
          2,
          "--dir: cannot create " + under + " (");
    }
  }

  private static void assertOneLineFailure(Watch watch, int exitCode, String messageStart) {
    assertThat(watch.exitCode()).as(watch.err()).isEqualTo(exitCode);
    String first = watch.err().lines().findFirst().orElse("");
    assertThat(first).startsWith("leakscope: " + messageStart);
    assertThat(watch.err()).doesNotContain("\tat ").doesNotContain("Exception");
    // Usage errors add one line pointing at --help; nothing else.
    assertThat(watch.err().lines().skip(1).toList())
        .allMatch(l -> l.startsWith("Run 'leakscope watch --help'"));
  }

  private static Process startJava(String... arguments) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(JAVA.toString()));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Starts a JVM whose SIGINT has its default disposition. A process started in the background by a
   * non-interactive shell (a CI runner, {@code mvn verify &}) inherits SIGINT as ignored, and the
   * JVM then leaves it ignored, which is right for the user but would make this test meaningless;
   * perl resets the disposition before it execs the JVM, so the process is the JVM itself.
   */
  private static Process startJavaWithDefaultInterrupt(String... arguments) throws IOException {
    Path perl = Path.of("/usr/bin/perl");
    assumeTrue(
        Files.isExecutable(perl) || !interruptIgnoredHere(),
        "SIGINT is ignored in this process tree and /usr/bin/perl is missing to reset it");
    List<String> command = new java.util.ArrayList<>();
    if (Files.isExecutable(perl)) {
      command.addAll(List.of(perl.toString(), "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
    }
    command.add(JAVA.toString());
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Whether this JVM was started with SIGINT ignored (its children inherit that). */
  private static boolean interruptIgnoredHere() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }

  private static String classpathOf(Class<?> program) throws Exception {
    return Path.of(program.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /**
   * Reads the process's output until a line contains every one of {@code parts}; returns it all.
   */
  private static String awaitLine(Process process, String... parts) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> seen =
        CompletableFuture.supplyAsync(
            () -> {
              StringBuilder all = new StringBuilder();
              try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  all.append(line).append('\n');
                  String l = line;
                  if (List.of(parts).stream().allMatch(l::contains)) {
                    return all.toString();
                  }
                }
              } catch (IOException e) {
                // reported below as the line not seen
              }
              throw new AssertionError("no line with " + List.of(parts) + " in:\n" + all);
            });
    return seen.get(60, TimeUnit.SECONDS);
  }

  private static void awaitOutput(java.io.StringWriter out, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!out.toString().contains(text)) {
      assertThat(System.nanoTime())
          .as("'%s' within 60 s; output:%n%s", text, out)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
