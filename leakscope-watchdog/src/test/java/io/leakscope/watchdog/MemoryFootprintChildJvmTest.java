package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.testing.Jdk;
import io.leakscope.testing.MemoryCgroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MemoryFootprint} taken by a child JVM of itself ({@link MemoryChild}), on each JDK found,
 * against independent oracles of the same moment: {@code ps -o rss} for the resident set, {@code
 * jcmd VM.native_memory summary} for NMT's total, and {@code -XX:+AlwaysPreTouch} (every heap page
 * touched at start) for the heap's resident part. Each oracle is read between two footprints, and
 * must lie between them give or take 3%.
 */
// waits on child JVMs: runs beside the other classes (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class MemoryFootprintChildJvmTest {

  static Stream<Path> javaHomes() {
    return Jdk.candidateHomes().stream();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void rssAndNmtAgreeWithPsAndJcmd(Path home) throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc: not Linux");
    Jdk jdk = Jdk.require(home);
    try (Child child = Child.start(jdk, "-XX:NativeMemoryTracking=summary", "-Xmx128m")) {
      run(List.of(jdk.jcmd().toString(), Long.toString(child.pid()), "VM.version"));
      Map<String, String> first = child.capture();
      long ps =
          1024
              * Long.parseLong(
                  run(List.of("ps", "-o", "rss=", "-p", Long.toString(child.pid()))).strip());
      String nmtText =
          run(
              List.of(
                  jdk.jcmd().toString(),
                  Long.toString(child.pid()),
                  "VM.native_memory",
                  "summary"));
      Map<String, String> second = child.capture();

      assertBetween("RSS from ps", ps, first, second, "rss");
      Matcher total =
          Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(nmtText);
      assertThat(total.find()).as(nmtText).isTrue();
      assertBetween(
          "NMT total from jcmd",
          Long.parseLong(total.group(1)) << 10,
          first,
          second,
          "nmtCommitted");
      assertThat(first).doesNotContainKey("problem");
      assertThat(Long.parseLong(second.get("threadStack"))).isEqualTo(1L << 20);
      assertThat(Long.parseLong(second.get("nonHeap"))).isPositive();
      assertThat(Long.parseLong(second.get("containerVersion"))).isIn(1L, 2L);
    }
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void thePreTouchedHeapIsResidentAndAnUntouchedOneIsNot(Path home) throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "no /proc/self/smaps: not Linux");
    Jdk jdk = Jdk.require(home);
    long touched;
    long untouched;
    try (Child child =
        Child.start(jdk, "-Xms96m", "-Xmx96m", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch")) {
      Map<String, String> f = child.capture();
      assertThat(Long.parseLong(f.get("heapCommitted"))).isEqualTo(96L << 20);
      touched = Long.parseLong(f.get("heapResident"));
      assertThat(f.get("problem"))
          .as("NMT is off")
          .startsWith(
              "native memory tracking is off:"
                  + " start the JVM with -XX:NativeMemoryTracking=summary");
    }
    try (Child child = Child.start(jdk, "-Xms96m", "-Xmx96m", "-XX:+UseG1GC")) {
      untouched = Long.parseLong(child.capture().get("heapResident"));
    }
    assertThat(touched).isBetween(95L << 20, 96L << 20);
    assertThat(untouched).as("an idle JVM touches a few regions only").isLessThan(48L << 20);
  }

  /**
   * A real memory cgroup: a child JVM with {@code -Xmx1g} started inside a new group limited to 256
   * MiB (cgroup v1 {@code memory.limit_in_bytes}, or v2 {@code memory.max}) reads that limit, its
   * usage as the group's file says between two footprints, and does not fit, with the heap size at
   * which the kernel kills it and an {@code -Xmx} that would fit worked out here from its non-heap
   * memory. Skipped, with the reason, where this process cannot create a memory cgroup (not root, a
   * read-only or absent cgroup mount, a v2 parent without the memory controller).
   */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void aRealCgroupLimitIsReadAndTheJvmDoesNotFit(Path home) throws Exception {
    Jdk jdk = Jdk.require(home);
    long limit = 256L << 20;
    MemoryCgroup group = MemoryCgroup.create(limit);
    try (Child child = Child.start(jdk, group.procs(), "-Xmx1g", "-XX:+UseSerialGC")) {
      long before = group.usage();
      Map<String, String> f = child.capture();
      long after = group.usage();
      assertThat(f.get("containerVersion")).isEqualTo(Integer.toString(group.version()));
      assertThat(Long.parseLong(f.get("containerLimit"))).isEqualTo(group.limit()).isEqualTo(limit);
      assertThat(Long.parseLong(f.get("limit"))).isEqualTo(limit);
      assertThat(f.get("limitIsContainer")).isEqualTo("true");
      long usage = Long.parseLong(f.get("containerUsage"));
      assertThat(usage)
          .as("usage vs the group's file before (%d) and after (%d)", before, after)
          .isBetween(
              (long) (Math.min(before, after) * 0.9), (long) (Math.max(before, after) * 1.1));
      assertThat(Long.parseLong(f.get("containerWorkingSet"))).isBetween(0L, usage);

      long nonHeap = Long.parseLong(f.get("nonHeap"));
      assertThat(nonHeap).isPositive().isLessThan(limit);
      assertThat(Long.parseLong(f.get("heapMax"))).isGreaterThan(limit);
      assertThat(f.get("fit")).isEqualTo("does-not-fit");
      assertThat(Long.parseLong(f.get("heapAtKill"))).isEqualTo(limit - nonHeap);
      // 90% of the limit minus the non-heap memory, rounded down to a MiB
      long mib = 1L << 20;
      assertThat(Long.parseLong(f.get("suggestedHeap")))
          .isEqualTo((long) ((0.9 * limit - nonHeap) / mib) * mib);
    } finally {
      group.delete();
    }
  }

  private static void assertBetween(
      String what, long oracle, Map<String, String> first, Map<String, String> second, String key) {
    long a = Long.parseLong(first.get(key));
    long b = Long.parseLong(second.get(key));
    assertThat(oracle)
        .as("%s vs the footprint's %s before (%d) and after (%d)", what, key, a, b)
        .isBetween((long) (Math.min(a, b) * 0.97), (long) (Math.max(a, b) * 1.03));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s", command).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    return out;
  }

  /** A {@link MemoryChild} process. */
  private static final class Child implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private Child(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static Child start(Jdk jdk, String... options) throws Exception {
      return start(jdk, null, options);
    }

    /** Started by a shell that first moves itself into the cgroup whose {@code procs} is given. */
    static Child start(Jdk jdk, Path procs, String... options) throws Exception {
      List<String> command = new ArrayList<>();
      if (procs != null) {
        command.addAll(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", procs.toString()));
      }
      command.add(jdk.java().toString());
      command.addAll(List.of(options));
      command.add("-cp");
      command.add(io.leakscope.watchdog.Child.classPath());
      command.add(MemoryChild.class.getName());
      Child child = new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
      String line = child.out.readLine();
      assertThat(line).as("%s", command).isEqualTo("READY");
      return child;
    }

    long pid() {
      return process.pid();
    }

    /** The child's footprint; a repeated key (problems) keeps its first value. */
    Map<String, String> capture() throws IOException {
      in.write("capture\n");
      in.flush();
      Map<String, String> values = new HashMap<>();
      for (String line = out.readLine();
          line != null && !line.equals("END");
          line = out.readLine()) {
        int space = line.indexOf(' ');
        values.putIfAbsent(line.substring(0, space), line.substring(space + 1));
      }
      return values;
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
