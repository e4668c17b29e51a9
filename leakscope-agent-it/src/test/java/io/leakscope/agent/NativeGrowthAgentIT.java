package io.leakscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.testing.Jdk;
import io.leakscope.testing.MemoryCgroup;
import io.leakscope.testing.StrictJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * The agent's own {@code NATIVE_GROWTH} event in real child JVMs ({@link NativeProgram}), on every
 * JDK found, with a short native-growth window given through the agent's memory options (from the
 * agent argument, a system property and the environment, as a deployment mixes them): a JVM that
 * keeps a 512 KiB direct buffer every 100 ms is "direct buffers", one that keeps as much {@code
 * Unsafe.allocateMemory} under NMT is NMT's {@code Other}, each at the rate the program itself
 * recorded; a JVM that allocates and frees the same amounts stays quiet and is judged healthy. All
 * children of all JDKs run at once (about 30 s in all); a leaking child stops at its event.
 */
class NativeGrowthAgentIT {

  private static final Path AGENT_JAR = AgentJar.PATH;
  private static final Pattern DIAGNOSTICS_URL =
      Pattern.compile("diagnostics on (http://\\S+/debug/leakscope/)");

  /** The native-growth window and warm-up the children are given. */
  private static final Duration WINDOW = Duration.ofSeconds(10);

  private static final Duration WARM_UP = Duration.ofSeconds(12);

  /** How long the healthy children run before they are judged: warm-up, window, 8 s more. */
  private static final int HEALTHY_SECONDS = 30;

  /** How long a leaking child may take to be reported; the longest any child runs. */
  private static final int LEAK_SECONDS = 40;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path workDir;

  private static final Map<String, Child> CHILDREN = new LinkedHashMap<>();

  record Child(
      String name, Path dir, Path progress, Path stderr, Process process, long startedNanos) {
    Path events() {
      return dir.resolve("events.jsonl");
    }

    List<Map<String, Object>> nativeGrowth() throws IOException {
      List<Map<String, Object>> found = new ArrayList<>();
      List<String> lines;
      try {
        lines = Files.readAllLines(events());
      } catch (NoSuchFileException notYet) {
        return found;
      }
      for (String line : lines) {
        if (line.contains("\"NATIVE_GROWTH\"")) {
          found.add(StrictJson.parseObject(line));
        }
      }
      return found;
    }

    String describe() throws IOException {
      return name
          + "\n--- events ---\n"
          + (Files.exists(events()) ? Files.readString(events()) : "(none)")
          + "--- stderr ---\n"
          + Files.readString(stderr);
    }
  }

  static Stream<String> javaHomes() {
    return Jdk.candidateHomes().stream().map(Path::toString);
  }

  @BeforeAll
  static void startChildren() throws IOException {
    for (Path home : Jdk.candidateHomes()) {
      if (!Files.isExecutable(home.resolve("bin/java"))) {
        continue; // its tests are skipped with the path named (Jdk.require)
      }
      start(home, "direct", LEAK_SECONDS, false);
      start(home, "unsafe", LEAK_SECONDS, true);
      start(home, "healthy", LEAK_SECONDS + 20, true);
      try {
        MemoryCgroup group = MemoryCgroup.create(CGROUP_LIMIT);
        GROUPS.put(home.getFileName().toString(), group);
        start(home, "direct", LEAK_SECONDS, false, group, ",nearLimit=75,diskQuota=1m");
      } catch (TestAbortedException noCgroup) {
        noCgroupReason = noCgroup.getMessage();
      }
    }
  }

  /** The memory cgroup limit of the near-limit children. */
  private static final long CGROUP_LIMIT = 224L << 20;

  private static final Map<String, MemoryCgroup> GROUPS = new LinkedHashMap<>();
  private static String noCgroupReason = "";

  @AfterAll
  static void stopChildren() throws IOException {
    CHILDREN.values().forEach(c -> c.process().destroyForcibly());
    for (MemoryCgroup group : GROUPS.values()) {
      group.delete();
    }
  }

  private static void start(Path home, String mode, int seconds, boolean nmt) throws IOException {
    start(home, mode, seconds, nmt, null, "");
  }

  /** Starts a child; in {@code group} when not null (named {@code cgroup-…}). */
  private static void start(
      Path home, String mode, int seconds, boolean nmt, MemoryCgroup group, String moreOptions)
      throws IOException {
    String name = (group == null ? mode : "cgroup") + "-" + home.getFileName();
    Path dir = workDir.resolve(name);
    Path stderr = workDir.resolve(name + ".stderr");
    Path progress = workDir.resolve(name + ".progress");
    List<String> command = new ArrayList<>();
    if (group != null) {
      // the shell joins the group, then becomes the JVM
      command.addAll(
          List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", group.procs().toString()));
    }
    command.add(home.resolve("bin/java").toString());
    command.add("-Xmx128m");
    command.add("-XX:MaxDirectMemorySize=1g");
    // C1 only: on a busy machine C2 was still compiling the watchdog's own code half a minute in,
    // and its arenas (NMT "Compiler", "Arena Chunk": 5 to 10 MB that come and go) filled a 10 s
    // window of a healthy child; a service's 10 minute window after 2 minutes does not see them
    command.add("-XX:TieredStopAtLevel=1");
    if (nmt) {
      command.add("-XX:NativeMemoryTracking=summary");
    }
    // the window as a system property, the interval from the environment, the rest as argument
    command.add("-Dleakscope.nativeWindow=" + WINDOW.toSeconds() + "s");
    command.add(
        "-javaagent:"
            + AGENT_JAR
            + "=dir="
            + dir
            + ",check=500ms,nativeWarmup="
            + WARM_UP.toSeconds()
            + "s,http=127.0.0.1:0"
            + moreOptions);
    command.add("-cp");
    command.add(Path.of("target", "test-classes").toAbsolutePath().toString());
    command.add(NativeProgram.class.getName());
    command.add(mode);
    command.add(Integer.toString(seconds));
    command.add(progress.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(stderr.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("LEAKSCOPE_MEMORY_INTERVAL", "500ms");
    CHILDREN.put(name, new Child(name, dir, progress, stderr, builder.start(), System.nanoTime()));
  }

  private static Child child(String home, String mode) {
    Path path = Path.of(home);
    Jdk.require(path);
    return CHILDREN.get(mode + "-" + path.getFileName());
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void directBuffersKeptInAListAreNativeGrowthOfDirectBuffers(String home) throws Exception {
    assertLeakReported(child(home, "direct"), "directBuffers");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void unsafeMemoryNeverFreedIsNativeGrowthOfNmtOther(String home) throws Exception {
    Map<String, Object> event = assertLeakReported(child(home, "unsafe"), "nmt:Other");
    // the direct-buffer pool is flat: the next step says it is not direct buffers
    assertThat((String) event.get("nextStep")).startsWith("not direct buffers");
    assertThat(event).containsKey("nmtGrowthBytes");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void aJvmThatFreesWhatItAllocatesStaysQuiet(String home) throws Exception {
    Child child = child(home, "healthy");
    URI base = diagnostics(child);
    // the verdict after the warm-up, a whole window and some verdicts more: healthy
    long judged = child.startedNanos() + TimeUnit.SECONDS.toNanos(HEALTHY_SECONDS);
    while (System.nanoTime() < judged) {
      Thread.sleep(250);
    }
    assertThat(child.process().isAlive()).as(child.describe()).isTrue();
    Map<String, Object> trend = StrictJson.parseObject(get(base.resolve("trend")));
    child.process().destroy();
    child.process().waitFor(20, TimeUnit.SECONDS);
    Map<String, Object> growth = cast(cast(trend.get("memory")).get("nativeGrowth"));
    assertThat(child.nativeGrowth()).as(child.describe()).isEmpty();
    assertThat(growth).as(child.describe()).isNotNull();
    assertThat(growth.get("state")).as("%s\n%s", growth, child.describe()).isEqualTo("healthy");
    assertThat(((Number) growth.get("samples")).intValue()).isGreaterThanOrEqualTo(8);
  }

  /**
   * In a real memory cgroup limited to 224 MiB, with {@code nearLimit=75}: the direct-buffer leak
   * passes 75% of the limit, and {@code MEMORY_NEAR_LIMIT} names the group's limit and writes a
   * class histogram and a thread dump (the heap dump is left out by a 1 MiB disk quota, and says
   * so); then the kernel kills the JVM, with no {@code OutOfMemoryError}, and the group counts the
   * kill. Skipped, with the reason, where no memory cgroup can be made.
   */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void nearTheCgroupLimitEvidenceIsWrittenBeforeTheKernelKills(String home) throws Exception {
    Path path = Path.of(home);
    Jdk.require(path);
    MemoryCgroup group = GROUPS.get(path.getFileName().toString());
    assumeTrue(group != null, noCgroupReason);
    Child child = CHILDREN.get("cgroup-" + path.getFileName());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEAK_SECONDS + 10);
    Map<String, Object> near = null;
    while (near == null && System.nanoTime() < deadline) {
      if (Files.exists(child.events())) {
        for (String line : Files.readAllLines(child.events())) {
          if (line.contains("\"MEMORY_NEAR_LIMIT\"")) {
            near = StrictJson.parseObject(line);
          }
        }
      }
      Thread.sleep(250);
    }
    assertThat(near).as(child.describe()).isNotNull();
    assertThat(((Number) near.get("limitBytes")).longValue()).isEqualTo(group.limit());
    assertThat(((Number) near.get("share")).doubleValue()).isGreaterThanOrEqualTo(0.75);
    assertThat(((Number) near.get("workingSetBytes")).longValue())
        .isGreaterThanOrEqualTo((long) (0.75 * CGROUP_LIMIT))
        .isLessThanOrEqualTo(((Number) near.get("usageBytes")).longValue());
    List<String> evidence = new ArrayList<>();
    for (Object name : (List<?>) near.get("evidence")) {
      evidence.add((String) name);
      assertThat(Files.size(child.dir().resolve((String) name))).as("%s", name).isPositive();
    }
    assertThat(evidence)
        .as(child.describe())
        .anyMatch(n -> n.startsWith("histogram-"))
        .anyMatch(n -> n.startsWith("threads-"));
    assertThat(Files.readString(child.events())).contains("\"CAPTURE_SKIPPED\"");

    // the leak goes on until the kernel kills the JVM for the group's limit
    assertThat(child.process().waitFor(LEAK_SECONDS, TimeUnit.SECONDS))
        .as(child.describe())
        .isTrue();
    System.out.printf(
        "%s: MEMORY_NEAR_LIMIT at %.0f%% of %d MiB, then exit status %d, OOM kills %d%n",
        child.name(),
        100 * ((Number) near.get("share")).doubleValue(),
        CGROUP_LIMIT >> 20,
        child.process().exitValue(),
        group.oomKills());
    assertThat(child.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
    assertThat(group.oomKills()).isIn(-1L, 1L);
    assertThat(Files.readString(child.stderr())).doesNotContain("OutOfMemoryError");
  }

  /** Waits for the child's {@code NATIVE_GROWTH}, checks its cause and rate, returns it. */
  private static Map<String, Object> assertLeakReported(Child child, String cause)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEAK_SECONDS + 10);
    List<Map<String, Object>> events = child.nativeGrowth();
    while (events.isEmpty() && child.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(250);
      events = child.nativeGrowth();
    }
    child.process().destroy();
    child.process().waitFor(20, TimeUnit.SECONDS);
    assertThat(events).as(child.describe()).hasSize(1);
    Map<String, Object> event = events.get(0);
    assertThat(event.get("cause")).as(child.describe()).isEqualTo(cause);
    assertThat(event.get("liveSetGrowing")).isEqualTo(false);

    // the oracle: what the program kept over the window before the event
    long at = Instant.parse((String) event.get("time")).toEpochMilli();
    double kept = keptPerSecond(child.progress(), at - WINDOW.toMillis(), at);
    double reported = ((Number) event.get("causeBytesPerSecond")).doubleValue();
    double started = firstProgressMillis(child.progress());
    System.out.printf(
        "%s: NATIVE_GROWTH after %.1f s of leaking, cause %s %.0f B/s, the program kept %.0f B/s,"
            + " non-heap %.0f B/s%n",
        child.name(),
        (at - started) / 1000.0,
        event.get("cause"),
        reported,
        kept,
        ((Number) event.get("bytesPerSecond")).doubleValue());
    assertThat(reported).as(child.describe()).isBetween(0.6 * kept, 1.4 * kept);
    return event;
  }

  /** The program's kept bytes per second between two times, from its progress lines. */
  private static double keptPerSecond(Path progress, long fromMillis, long toMillis)
      throws IOException {
    long[] first = null;
    long[] last = null;
    for (String line : Files.readAllLines(progress)) {
      String[] f = line.split(" ");
      if (f.length != 2) {
        continue; // a line being written
      }
      long[] point = {Long.parseLong(f[0]), Long.parseLong(f[1])};
      if (point[0] >= fromMillis && point[0] <= toMillis) {
        if (first == null) {
          first = point;
        }
        last = point;
      }
    }
    assertThat(first).as("progress between %d and %d", fromMillis, toMillis).isNotNull();
    assertThat(last[0]).isGreaterThan(first[0]);
    return (last[1] - first[1]) * 1000.0 / (last[0] - first[0]);
  }

  private static long firstProgressMillis(Path progress) throws IOException {
    return Long.parseLong(Files.readAllLines(progress).get(0).split(" ")[0]);
  }

  /** The diagnostics URL from the agent's start-up line on stderr. */
  private static URI diagnostics(Child child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Matcher m = DIAGNOSTICS_URL.matcher(Files.readString(child.stderr()));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no diagnostics URL: " + child.describe());
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }
}
