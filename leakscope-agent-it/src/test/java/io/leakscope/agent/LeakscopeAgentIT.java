package io.leakscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.analysis.AnalysisOptions;
import io.leakscope.analysis.HeapAnalyzer;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.Jdk;
import io.leakscope.testing.PrometheusExposition;
import io.leakscope.testing.Promtool;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code target/leakscope-agent.jar} as a {@code -javaagent} in child JVMs: the running JDK
 * and, when installed, Temurin 25.
 *
 * <p>With {@code http=127.0.0.1:0} the child serves {@code /debug/leakscope/} on the port its
 * start-up line names, answers 401 to {@code heapdump} without the token and a gzip HPROF with it;
 * without {@code http=} the child listens on no TCP port at all (checked in {@code /proc}).
 *
 * <p>What a user sees on bad options (JDK 17 and 25): exactly one line on stderr, {@code
 * leakscope-agent: …}, nothing on stdout, exit status 1, and {@code main} never runs (see {@link
 * LeakscopeAgent} for why premain exits instead of throwing).
 *
 * <p>The tests run two at a time (see {@code junit-platform.properties}): each waits mostly on its
 * own child JVM, and none judges a healthy program, the only verdict that load could change.
 */
@Execution(ExecutionMode.CONCURRENT)
class LeakscopeAgentIT {

  private static final Path AGENT_JAR = AgentJar.PATH;
  private static final Pattern DIAGNOSTICS_URL =
      Pattern.compile("diagnostics on (http://\\S+/debug/leakscope/)");
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)\\]");
  private static final Pattern METRICS_URL = Pattern.compile("metrics on (http://\\S+/metrics)");
  private static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
          + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  @TempDir Path dir;

  static Stream<String> javaHomes() {
    return Jdk.candidateHomes().stream().map(Path::toString);
  }

  /** The JDK's java launcher, or a skipped test naming the missing JDK. */
  private static Path java(String home) {
    return Jdk.require(Path.of(home)).java();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void leakingProgramLeavesLeakSuspectedAndAHeapDump(String home) throws Exception {
    Path evidence = dir.resolve("evidence");
    Process p = startLeaking(java(home), List.of(), evidence + ",window=20s,warmup=3s", 90);
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
    // the loop closed: the dump the agent captured names the leak the program plants
    String name =
        listNames(evidence).stream().filter(n -> n.endsWith(".hprof.gz")).findFirst().orElseThrow();
    AnalysisReport report =
        HeapAnalyzer.analyze(evidence.resolve(name), new AnalysisOptions(5), ProgressListener.NONE);
    assertThat(report.suspects()).isNotEmpty();
    Suspect top = report.suspects().get(0);
    assertThat(top.holder()).isEqualTo(LeakingProgram.class.getName() + ".RETAINED");
    assertThat(top.accumulatedClass()).isEqualTo("byte[]");
    // 300 KB every 200 ms for at least the 3 s warm-up before the agent can call it a leak
    assertThat(top.instances()).isGreaterThanOrEqualTo(45);
    assertThat(top.retainedBytes()).isGreaterThanOrEqualTo(top.instances() * 100_000);
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void httpServesTheEndpointAndTheHeapDumpOnlyWithTheToken(String home) throws Exception {
    // The token from a file named in the environment, the check interval from a system property:
    // as a Kubernetes deployment gives them (a mounted secret, JAVA_TOOL_OPTIONS).
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "SECRET\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("r--------"));
    Process p =
        start(
            java(home),
            Map.of("LEAKSCOPE_TOKEN_FILE", tokenFile.toString(), "LEAKSCOPE_CHECK", "abc"),
            "-Xmx64m",
            "-Dleakscope.check=1s",
            "-javaagent:" + AGENT_JAR + "=dir=" + dir.resolve("evidence") + ",http=127.0.0.1:0",
            "-cp",
            Path.of("target", "test-classes").toAbsolutePath().toString(),
            IdleProgram.class.getName(),
            "60");
    try {
      String line = awaitStartLine(p);
      assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("warning");
      Matcher m = DIAGNOSTICS_URL.matcher(line);
      assertThat(m.find()).as(line).isTrue();
      URI base = URI.create(m.group(1));
      assertThat(base.getHost()).isEqualTo("127.0.0.1");
      assertThat(listeningPorts(p.pid())).containsExactly(base.getPort());

      HttpResponse<String> index = send(base, "", null, HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("leakscope diagnostics", "heapdump");
      HttpResponse<String> trend = send(base, "trend", null, HttpResponse.BodyHandlers.ofString());
      assertThat(trend.body()).contains("\"leaking\":false", "\"signals\":");

      assertThat(send(base, "heapdump", null, HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(401);
      assertThat(
              send(base, "heapdump", "Bearer WRONG", HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<byte[]> dump =
          send(base, "heapdump", "Bearer SECRET", HttpResponse.BodyHandlers.ofByteArray());
      assertThat(dump.statusCode()).isEqualTo(200);
      assertThat(dump.headers().firstValue("Content-Type")).hasValue("application/gzip");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(dump.body()))) {
        assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII))
            .isEqualTo("JAVA PROFILE 1.0.2");
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void withoutHttpNothingListens(String home) throws Exception {
    Process p = startIdle(home, ",token=SECRET");
    try {
      String line = awaitStartLine(p);
      assertThat(line).doesNotContain("diagnostics on");
      Thread.sleep(200);
      assertThat(Files.readString(dir.resolve("stderr.txt")))
          .as("a token on the command line is named as readable with ps")
          .contains("leakscope-agent: warning: the token is on the command line");
      assertThat(listeningPorts(p.pid())).isEmpty();
    } finally {
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code metrics=127.0.0.1:0}: the child serves {@code /metrics} on the port its start-up line
   * names, with no token, in the text format or OpenMetrics as asked, both read back by the strict
   * parser (and the text format by {@code promtool check metrics} when it is on the PATH); it says
   * insufficient-data while the default 2-minute warm-up runs, and serves nothing else.
   */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void metricsServesPrometheusAndNothingElseWithoutAToken(String home) throws Exception {
    Process p = startIdle(home, ",check=1s,metrics=127.0.0.1:0");
    try {
      URI metrics = metricsUri(awaitStartLine(p));
      assertThat(metrics.getHost()).isEqualTo("127.0.0.1");
      assertThat(listeningPorts(p.pid())).containsExactly(metrics.getPort());

      HttpResponse<String> text = scrape(metrics, null);
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      Map<String, PrometheusExposition.Family> families =
          PrometheusExposition.parse(text.body(), false);
      assertThat(families.keySet())
          .allMatch(n -> n.startsWith("leakscope_"))
          .contains("leakscope_state", "leakscope_live_set_readings", "leakscope_live_set_bytes");
      assertThat(families.get("leakscope_state").samples().get(0).value()).isZero();
      assertThat(families.get("leakscope_leak_suspected").samples().get(0).value()).isNaN();
      if (!Promtool.assertAccepts(text.body())) {
        System.out.println("promtool is not on the PATH (Debian package prometheus): not run");
      }

      HttpResponse<String> om = scrape(metrics, PROMETHEUS_ACCEPT);
      assertThat(om.headers().firstValue("Content-Type"))
          .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(PrometheusExposition.sampleTypes(PrometheusExposition.parse(om.body(), true)))
          .isEqualTo(PrometheusExposition.sampleTypes(families));

      for (String path : List.of("/debug/leakscope/heapdump", "/debug/leakscope/trend", "/")) {
        assertThat(scrape(metrics.resolve(path), null).statusCode()).as(path).isEqualTo(404);
      }

      // The whole process's memory: every family from the start (NaN until the first footprint,
      // taken at the first check, 1 s in); on Linux the figures of /proc and the fit verdict.
      assertThat(families)
          .containsKeys(
              "leakscope_process_resident_bytes",
              "leakscope_container_memory_limit_bytes",
              "leakscope_container_memory_working_set_bytes",
              "leakscope_memory_non_heap_bytes",
              "leakscope_memory_unaccounted_bytes",
              "leakscope_native_memory_committed_bytes",
              "leakscope_memory_fit",
              "leakscope_memory_headroom_bytes",
              "leakscope_native_growing",
              "leakscope_native_growth_bytes_per_second");
      if (Files.isReadable(Path.of("/proc/self/status"))) {
        Map<String, PrometheusExposition.Family> later = families;
        for (int i = 0; i < 100 && Double.isNaN(value(later, "leakscope_memory_fit")); i++) {
          Thread.sleep(100);
          later = PrometheusExposition.parse(scrape(metrics, null).body(), false);
        }
        // the child's RSS: more than its 64 MiB heap cannot be resident, but more than 10 MiB is
        double anon =
            later.get("leakscope_process_resident_bytes").samples().stream()
                .filter(s -> "anon".equals(s.labels().get("kind")))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(anon).isGreaterThan(10 << 20);
        assertThat(value(later, "leakscope_memory_non_heap_bytes")).isGreaterThan(1 << 20);
        // the host's memory at least is known, and 64 MiB of heap fits it
        assertThat(value(later, "leakscope_memory_fit")).isZero();
        assertThat(value(later, "leakscope_memory_headroom_bytes")).isPositive();
        // NMT is off in the child: NaN for each category, never 0
        assertThat(later.get("leakscope_native_memory_committed_bytes").samples())
            .extracting(PrometheusExposition.Sample::value)
            .allMatch(v -> Double.isNaN(v));
        // a few seconds in: not enough footprints for a growth verdict, so NaN
        assertThat(value(later, "leakscope_native_growing")).isNaN();
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /**
   * An application with Micrometer's Prometheus registry and leakscope-micrometer on its class
   * path, run with the real agent jar: {@code LeakscopeMetrics.fromAgent()} finds the relocated
   * watchdog's MBean, and the registry's scrape has the same series names and types as the agent's
   * own {@code /metrics}, in the text format and in OpenMetrics.
   */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void micrometerInTheApplicationBindsToTheAgentWithTheAgentsNamesAndTypes(String home)
      throws Exception {
    Path text = dir.resolve("micrometer.txt");
    Path om = dir.resolve("micrometer-om.txt");
    Process p =
        start(
            java(home),
            "-Xmx64m",
            "-javaagent:"
                + AGENT_JAR
                + "=dir="
                + dir.resolve("evidence")
                + ",check=1s,metrics=127.0.0.1:0",
            "-cp",
            applicationClassPath(),
            MicrometerProgram.class.getName(),
            text.toString(),
            om.toString());
    try {
      URI metrics = metricsUri(awaitStartLine(p));
      for (int i = 0; i < 300 && p.isAlive() && !Files.exists(text); i++) {
        Thread.sleep(100);
      }
      String stderr = Files.readString(dir.resolve("stderr.txt"));
      assertThat(text).as(stderr).exists();
      assertThat(Files.readString(text)).as(stderr).isNotEqualTo("no agent");
      assertThat(Files.readString(dir.resolve("stdout.txt")).strip())
          .isEqualTo("io.leakscope.agent.shaded.watchdog.WatchdogJmx");

      Map<String, PrometheusExposition.Family> micrometer =
          PrometheusExposition.parse(Files.readString(text), false);
      Map<String, PrometheusExposition.Family> agent =
          PrometheusExposition.parse(scrape(metrics, null).body(), false);
      assertThat(PrometheusExposition.sampleTypes(micrometer))
          .containsKeys("leakscope_state", "leakscope_leak_suspected", "leakscope_live_set_bytes")
          .isEqualTo(PrometheusExposition.sampleTypes(agent));
      assertThat(micrometer.get("leakscope_state").samples().get(0).value()).isZero();
      assertThat(micrometer.get("leakscope_leak_suspected").samples().get(0).value()).isNaN();
      assertThat(micrometer.get("leakscope_resource_growing").samples())
          .extracting(s -> s.labels().get("signal"))
          .containsExactlyInAnyOrderElementsOf(
              agent.get("leakscope_resource_growing").samples().stream()
                  .map(s -> s.labels().get("signal"))
                  .toList());

      Map<String, PrometheusExposition.Family> micrometerOm =
          PrometheusExposition.parse(Files.readString(om), true);
      Map<String, PrometheusExposition.Family> agentOm =
          PrometheusExposition.parse(scrape(metrics, PROMETHEUS_ACCEPT).body(), true);
      assertThat(PrometheusExposition.sampleTypes(micrometerOm))
          .isEqualTo(PrometheusExposition.sampleTypes(agentOm));
    } finally {
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /**
   * This module's test class path without the agent's own classes (leakscope-agent, a dependency
   * here only so that it is built first): the application's class path (Micrometer,
   * leakscope-micrometer, its own leakscope-watchdog), where the agent, as in production, comes
   * from the agent jar only.
   */
  private static String applicationClassPath() {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(classPath.split(File.pathSeparator))
        .filter(e -> !isAgentModule(Path.of(e).toAbsolutePath().normalize()))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The agent module's classes: its target/classes in the reactor, or its thin jar. */
  private static boolean isAgentModule(Path entry) {
    String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
    Path parent = entry.getParent();
    boolean reactorClasses =
        name.equals("classes")
            && parent != null
            && parent.getParent() != null
            && parent.getParent().getFileName().toString().equals("leakscope-agent");
    return reactorClasses
        || (name.startsWith("leakscope-agent-") && !name.startsWith("leakscope-agent-it"));
  }

  /** The value of a family's only (or first) sample. */
  private static double value(Map<String, PrometheusExposition.Family> families, String name) {
    return families.get(name).samples().get(0).value();
  }

  private static URI metricsUri(String startLine) {
    Matcher m = METRICS_URL.matcher(startLine);
    assertThat(m.find()).as(startLine).isTrue();
    return URI.create(m.group(1));
  }

  private static HttpResponse<String> scrape(URI uri, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * {@link LeakingProgram} for {@code seconds} on Serial GC in 256 MB, with the agent at {@code
   * dir=<dirAndOptions>,check=1s}.
   */
  private Process startLeaking(
      Path java, List<String> jvmOptions, String dirAndOptions, int seconds) throws IOException {
    return startLeaking(java, jvmOptions, dirAndOptions, seconds, null);
  }

  /** As above; with a {@code stop} file (not null) the program ends as soon as it exists. */
  private Process startLeaking(
      Path java, List<String> jvmOptions, String dirAndOptions, int seconds, Path stop)
      throws IOException {
    List<String> args = new ArrayList<>(jvmOptions);
    args.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-javaagent:" + AGENT_JAR + "=dir=" + dirAndOptions + ",check=1s",
            "-cp",
            Path.of("target", "test-classes").toAbsolutePath().toString(),
            LeakingProgram.class.getName(),
            "" + seconds));
    if (stop != null) {
      args.add(stop.toString());
    }
    return start(java, args.toArray(String[]::new));
  }

  /** {@link IdleProgram} for a minute with the agent: {@code dir=<evidence>} and these options. */
  private Process startIdle(String home, String moreOptions) throws IOException {
    return start(
        java(home),
        "-Xmx64m",
        "-javaagent:" + AGENT_JAR + "=dir=" + dir.resolve("evidence") + moreOptions,
        "-cp",
        Path.of("target", "test-classes").toAbsolutePath().toString(),
        IdleProgram.class.getName(),
        "60");
  }

  /** Waits (up to 30 s, while the child lives) for the agent's start-up line on its stderr. */
  private String awaitStartLine(Process p) throws Exception {
    Path stderr = dir.resolve("stderr.txt");
    for (int i = 0; i < 300 && p.isAlive(); i++) {
      if (Files.exists(stderr)) {
        String text = Files.readString(stderr);
        if (text.startsWith("leakscope-agent: watching") && text.contains("\n")) {
          return text.lines().findFirst().orElseThrow();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no start-up line; stderr: " + Files.readString(stderr));
  }

  private static <T> HttpResponse<T> send(
      URI base, String endpoint, String authorization, HttpResponse.BodyHandler<T> body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(endpoint)).timeout(Duration.ofSeconds(60));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), body);
  }

  /**
   * The TCP ports the process listens on (Linux): its socket descriptors in {@code /proc/<pid>/fd}
   * matched by inode with the LISTEN rows of {@code /proc/net/tcp} and {@code tcp6}. Skips the test
   * elsewhere.
   */
  private static List<Integer> listeningPorts(long pid) throws IOException {
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    assumeTrue(Files.isDirectory(fds), "no /proc/<pid>/fd: not Linux");
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> s = Files.list(fds)) {
      for (Path fd : (Iterable<Path>) s::iterator) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while listing
        }
      }
    }
    List<Integer> ports = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      if (!Files.exists(Path.of(table))) {
        continue;
      }
      List<String> rows = Files.readAllLines(Path.of(table));
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.trim().split("\\s+");
        // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
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
        "leakscope-agent: dir is required (expected dir=DIR, the evidence directory, or"
            + " LEAKSCOPE_DIR=DIR)");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void anUnusableEvidenceDirectoryLeavesTheApplicationRunning(String home) throws Exception {
    // A regular file where the directory's parent should be: the directory cannot be created.
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    assertRunsUnwatched(
        java(home),
        List.of(),
        "dir=" + file.resolve("evidence"),
        "leakscope-agent: not watching: cannot use the evidence directory " + file);
  }

  /**
   * Runs {@link IdleProgram} for a second with the agent and checks that it ends normally, with one
   * line on stderr that starts with {@code line} and says that the application runs unwatched.
   */
  private void assertRunsUnwatched(
      Path java, List<String> jvmOptions, String agentOptions, String line) throws Exception {
    List<String> args = new ArrayList<>(jvmOptions);
    args.addAll(
        List.of(
            "-javaagent:" + AGENT_JAR + "=" + agentOptions,
            "-cp",
            Path.of("target", "test-classes").toAbsolutePath().toString(),
            IdleProgram.class.getName(),
            "1"));
    Process p = start(java, args.toArray(String[]::new));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isZero();
    assertThat(stderr.lines().toList()).as(stderr).hasSize(1);
    assertThat(stderr).startsWith(line).contains("the application runs without the watchdog");
  }

  /**
   * A runtime without {@code jdk.management}, as {@code jlink} makes when it is left out: no GC
   * notifications, heap dumps or diagnostic commands. The agent used to abort such a JVM from
   * premain (a {@code NoClassDefFoundError} for {@code com.sun.management} classes); now the
   * application runs to its end, the limitation is said once, and the leak is still found from the
   * polled usage after GC, with the dump's absence given as the reason.
   */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void withoutJdkManagementTheLeakIsFoundAndTheDumpSkippedWithTheReason(String home)
      throws Exception {
    Path evidence = dir.resolve("evidence");
    Path stop = dir.resolve("stop");
    Process p =
        startLeaking(
            java(home),
            List.of("--limit-modules", "java.base,java.instrument,java.management,jdk.httpserver"),
            evidence + ",window=10s,warmup=2s",
            60,
            stop);
    // The program ends normally (the watchdog then stops and says so) once the skipped capture
    // is logged, or after its 60 s.
    Path log = evidence.resolve("events.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && p.isAlive()
        && !(Files.exists(log) && Files.readString(log).contains("\"CAPTURE_SKIPPED\""))) {
      Thread.sleep(250);
    }
    Files.writeString(stop, "");
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isZero();
    assertThat(stderr.lines().toList())
        .as(stderr)
        .containsExactly(
            "leakscope-agent: watching, evidence in " + evidence + " (window 10s)",
            "leakscope-agent: limited: module jdk.management is not in this runtime: no heap"
                + " dumps, class histograms, class-loader or file-descriptor counts; the live set"
                + " is polled at each check instead of heard from GC notifications");
    List<String> events = Files.readAllLines(evidence.resolve("events.jsonl"));
    assertThat(events.get(0))
        .contains("\"type\":\"WATCHDOG_STARTED\"")
        .contains("\"limitations\":[\"module jdk.management is not in this runtime")
        .contains("\"openFds\":\"module jdk.management is not in this runtime\"");
    assertThat(events).anyMatch(e -> e.contains("\"type\":\"LEAK_SUSPECTED\""));
    assertThat(events)
        .anyMatch(
            e ->
                e.contains("\"type\":\"CAPTURE_SKIPPED\"")
                    && e.contains("heap dump unavailable: module jdk.management"));
    assertThat(events).noneMatch(e -> e.contains("CHECK_FAILED"));
    assertThat(events.get(events.size() - 1)).contains("\"type\":\"WATCHDOG_STOPPED\"");
    assertThat(listNames(evidence)).containsExactly("events.jsonl");
  }

  /** Without {@code java.management} there is no watchdog at all: one line, and the app runs. */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void withoutJavaManagementTheApplicationRunsUnwatched(String home) throws Exception {
    assertRunsUnwatched(
        java(home),
        List.of("--limit-modules", "java.base,java.instrument"),
        "dir=" + dir.resolve("ev") + ",http=127.0.0.1:0",
        "leakscope-agent: not watching: this Java runtime lacks a module");
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
    Process p = start(java, "-javaagent:" + AGENT_JAR + "=" + agentArgs, "-version");
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
    return start(java, Map.of(), args);
  }

  /** Starts {@code java args} with these variables added to the environment. */
  private Process start(Path java, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    return builder
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
