package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.testing.Jdk;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module descriptor says what the code needs: a modular application ({@code demo.app}, compiled
 * here, which {@code requires io.leakscope.watchdog} and nothing else) linked by {@code jlink} gets
 * a runtime of only {@code java.base}, {@code java.management}, the watchdog and itself, and runs
 * there to its end. The watchdog says once what it cannot do without {@code jdk.management},
 * samples the live set by polling, and {@link DiagnosticsServer#start} refuses with the reason
 * instead of a {@code NoClassDefFoundError}. With the former hard {@code requires jdk.management}
 * and {@code requires jdk.httpserver}, {@code jlink} links both modules into the image and the test
 * fails on the image's module list: there was no way to link the watchdog without them. The same
 * application on the full JDK with {@code --add-modules jdk.management,jdk.httpserver}, as the
 * descriptor's documentation advises, has no limitation and serves the endpoint.
 *
 * <p>Runs on every JDK found ({@link Jdk#candidateHomes()}), each with its own {@code javac} and
 * {@code jlink}: the watchdog's classes are Java 17 bytecode, the image's {@code java.base} is that
 * JDK's. Temurin 25 has no {@code jmods} directory; its {@code jlink} links from its own run-time
 * image.
 */
// waits on child JVMs: runs beside the other classes (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class ModularRuntimeTest {

  /** The modules of the image: nothing else may be pulled in. */
  private static final List<String> IMAGE_MODULES =
      List.of("demo.app", "io.leakscope.watchdog", "java.base", "java.management");

  private static final String MODULE_INFO =
      """
      module demo.app {
        requires io.leakscope.watchdog;
      }
      """;

  /**
   * Starts a watchdog (2 s window, a check every 50 ms), says what it cannot do, tries the
   * endpoint, keeps allocating and collecting until the watchdog has judged 3 samples of the live
   * set after GC (10 s at most), and exits normally.
   */
  private static final String MAIN =
      """
      package demo;

      import io.leakscope.watchdog.DiagnosticsServer;
      import io.leakscope.watchdog.EvidenceBudget;
      import io.leakscope.watchdog.TrendSettings;
      import io.leakscope.watchdog.Watchdog;
      import io.leakscope.watchdog.WatchdogConfig;
      import java.net.InetAddress;
      import java.net.InetSocketAddress;
      import java.nio.file.Path;
      import java.time.Clock;
      import java.time.Duration;
      import java.util.ArrayList;
      import java.util.List;

      public final class Main {
        public static void main(String[] args) throws Exception {
          WatchdogConfig config =
              new WatchdogConfig(
                  Path.of(args[0]),
                  new TrendSettings(Duration.ofSeconds(2), Duration.ZERO, 0.01, 1024.0, 0.025, 3),
                  EvidenceBudget.defaults(),
                  Duration.ofMillis(50),
                  Clock.systemUTC());
          List<byte[]> kept = new ArrayList<>();
          try (Watchdog watchdog = Watchdog.start(config)) {
            for (String limitation : watchdog.limitations()) {
              System.out.println("limited: " + limitation);
            }
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            try (DiagnosticsServer server = DiagnosticsServer.start(watchdog, loopback, null)) {
              System.out.println("endpoint: served");
            } catch (UnsupportedOperationException e) {
              System.out.println("endpoint: " + e.getMessage());
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (watchdog.latestVerdict().samples() < 3 && System.nanoTime() < deadline) {
              kept.add(new byte[16 * 1024]);
              System.gc();
              Thread.sleep(20);
            }
            int samples = Math.min(3, watchdog.latestVerdict().samples());
            System.out.println("live set samples: " + samples);
          }
          System.out.println("done");
        }
      }
      """;

  @TempDir Path dir;

  static Stream<Path> javaHomes() {
    return Jdk.candidateHomes().stream();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void applicationRunsOnAJlinkImageWithoutJdkManagementAndJdkHttpServer(Path home)
      throws Exception {
    Jdk jdk = Jdk.require(home);
    Path javac = home.resolve("bin/javac");
    Path jlink = home.resolve("bin/jlink");
    assumeTrue(
        Files.isExecutable(javac) && Files.isExecutable(jlink),
        () -> "no javac and jlink in " + jdk + ": skipping the jlink image on it");
    Path watchdogModule = Path.of("target", "classes").toAbsolutePath();
    assertThat(watchdogModule.resolve("module-info.class")).isRegularFile();
    Path modules = compileDemoApp(javac, watchdogModule);

    // jlink links demo.app and what it requires, transitively: its descriptor decides which
    // modules the image gets. (--limit-modules would not keep required modules out: it limits to
    // the given modules and their transitive dependencies.)
    Path image = dir.resolve("image");
    String modulePath = watchdogModule + File.pathSeparator + modules;
    Run linked =
        run(
            jlink,
            "--module-path",
            modulePath,
            "--add-modules",
            "demo.app",
            "--output",
            image.toString());
    assertThat(linked.exit()).as("jlink on %s:%n%s", jdk, linked.output()).isZero();
    Path imageJava = image.resolve("bin/java");
    Run listed = run(imageJava, "--list-modules");
    assertThat(listed.output().lines().map(l -> l.replaceFirst("@.*", "")).sorted().toList())
        .as(
            "the modules jlink linked for demo.app, which needs only what io.leakscope.watchdog"
                + " requires without 'static':%n%s",
            listed.output())
        .isEqualTo(IMAGE_MODULES);

    Path evidence = dir.resolve("evidence");
    Run ran = run(imageJava, "-m", "demo.app/demo.Main", evidence.toString());
    assertThat(ran.exit()).as(ran.output()).isZero();
    assertThat(ran.output().lines().toList())
        .as(ran.output())
        .containsExactly(
            "limited: "
                + JdkManagement.MISSING
                + ": no heap dumps, class histograms, class-loader or file-descriptor counts;"
                + " the live set is polled at each check instead of heard from GC notifications",
            "endpoint: " + DiagnosticsServer.HTTP_SERVER_MISSING,
            "live set samples: 3",
            "done");
    List<String> events = Files.readAllLines(evidence.resolve("events.jsonl"));
    assertThat(events.get(0))
        .contains("\"type\":\"WATCHDOG_STARTED\"")
        .contains("\"limitations\":[\"" + JdkManagement.MISSING);
    assertThat(events).noneMatch(e -> e.contains("CHECK_FAILED"));
    assertThat(events.get(events.size() - 1)).contains("\"type\":\"WATCHDOG_STOPPED\"");

    // On the full JDK, the modules the descriptor leaves optional come back when asked for.
    Run full =
        run(
            jdk.java(),
            "--module-path",
            modulePath,
            "--add-modules",
            "jdk.management,jdk.httpserver",
            "-m",
            "demo.app/demo.Main",
            dir.resolve("evidence-full").toString());
    assertThat(full.exit()).as(full.output()).isZero();
    assertThat(full.output().lines().toList())
        .as(full.output())
        .containsExactly("endpoint: served", "live set samples: 3", "done");
  }

  /** Compiles {@code demo.app} with the JDK's own {@code javac}; returns its module path entry. */
  private Path compileDemoApp(Path javac, Path watchdogModule) throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("demo"));
    Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(src.resolve("demo/Main.java"), MAIN);
    Path out = dir.resolve("mods");
    Run compiled =
        run(
            javac,
            "--module-path",
            watchdogModule.toString(),
            "-d",
            out.resolve("demo.app").toString(),
            src.resolve("module-info.java").toString(),
            src.resolve("demo/Main.java").toString());
    assertThat(compiled.exit()).as(compiled.output()).isZero();
    return out;
  }

  private record Run(int exit, String output) {}

  /** Runs a tool of the JDK, stdout and stderr together; a minute at most. */
  private Run run(Path tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "run", ".txt");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "still running after 60 s: "
              + command
              + "\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
