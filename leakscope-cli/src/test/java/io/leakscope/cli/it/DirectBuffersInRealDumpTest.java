package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.Main;
import io.leakscope.cli.it.programs.DirectBuffersProgram;
import io.leakscope.testing.Jdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Native memory of direct buffers, counted in real dumps of {@link DirectBuffersProgram} on every
 * JDK found, against two oracles: the amounts the program allocates (64 buffers of 1 MiB in {@code
 * POOL} with a slice, a duplicate and a read-only view of each; 3 mapped files of 1 MiB; 16 buffers
 * of 1 MiB more in {@code LEAK} before each dump), and the JVM's own accounting, {@code
 * BufferPoolMXBean} of the pools {@code direct} and {@code mapped}, read in the child just before
 * each dump. Three dumps; the newest analyzed with the older two as baselines, the first alone.
 */
// no verdict depends on the machine's speed: runs beside other classes, but not beside
// MemoryCommandTest (the CPU lock; junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "cpu", mode = ResourceAccessMode.READ)
class DirectBuffersInRealDumpTest {
  private static final long MIB = 1 << 20;
  private static final String PROGRAM = DirectBuffersProgram.class.getName();

  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("jdks")
  void nativeMemoryIsCountedOnceAndAttributedToItsHolders(Path home, @TempDir Path dir)
      throws IOException {
    Jdk jdk = Jdk.require(home);
    Path stats = dir.resolve("stats.txt");
    List<Path> dumps = new ArrayList<>();
    Map<String, long[]> pools;
    try (ChildJvm child =
        ChildJvm.start(jdk, DirectBuffersProgram.class, List.of("-Dstats.file=" + stats))) {
      for (int i = 1; i <= 3; i++) {
        child.send("grow");
        dumps.add(child.heapDump(dir.resolve("buffers-" + i + ".hprof"), false));
      }
      child.send("stats");
      pools = pools(stats);
    }

    String[] baselines = {
      "--baseline",
      dumps.get(0).toString(),
      "--baseline",
      dumps.get(1).toString(),
      "--summary-cache",
      dir.resolve("summaries").toString()
    };
    JsonNode report =
        AnalyzedDump.analyze(dumps.get(2), dir.resolve("newest.json"), baselines).json();
    // again, the baselines now read from their summaries (one per dump): the same suspects
    try (var summaries = Files.list(dir.resolve("summaries"))) {
      assertThat(summaries.filter(f -> f.toString().endsWith(".summary"))).hasSize(3);
    }
    JsonNode again =
        AnalyzedDump.analyze(dumps.get(2), dir.resolve("again.json"), baselines).json();
    assertThat(again.path("suspects")).isEqualTo(report.path("suspects"));
    assertThat(again.path("baselines")).isEqualTo(report.path("baselines"));

    // what the program allocated, and what the JVM itself counts; buffers without a cleaner over
    // memory others free are apart (since JDK 25 the JDK's temporary buffer cache, 8 KB)
    JsonNode reachable = report.path("nativeMemory").path("reachable");
    long counted = reachable.path("directBuffers").asLong();
    long countedBytes = reachable.path("directBytes").asLong();
    assertThat(counted).isEqualTo(64 + 3 * 16);
    assertThat(countedBytes).isEqualTo((64 + 3 * 16) * MIB);
    assertThat(report.path("nativeMemory").path("withoutCleaner").path("directBytes").asLong())
        .isLessThan(MIB);
    assertThat(reachable.path("mappedBuffers").asLong()).isEqualTo(3);
    assertThat(reachable.path("mappedBytes").asLong()).isEqualTo(3 * MIB);
    long[] direct = pools.get("direct");
    long[] mapped = pools.get("mapped");
    assertThat(reachable.path("directBuffers").asLong())
        .as("direct pool count")
        .isEqualTo(direct[0]);
    assertThat(reachable.path("directBytes").asLong())
        .as("direct pool capacity")
        .isEqualTo(direct[2]);
    assertThat(reachable.path("directBytes").asLong()).as("direct pool used").isEqualTo(direct[1]);
    assertThat(reachable.path("mappedBuffers").asLong())
        .as("mapped pool count")
        .isEqualTo(mapped[0]);
    assertThat(reachable.path("mappedBytes").asLong())
        .as("mapped pool capacity")
        .isEqualTo(mapped[2]);
    // a slice, a duplicate and a read-only view of each pooled buffer share its memory
    assertThat(report.path("nativeMemory").path("views").asLong()).isEqualTo(3 * 64);

    Map<String, JsonNode> holders = new HashMap<>();
    report
        .path("nativeMemory")
        .path("holders")
        .forEach(h -> holders.put(h.path("holder").asText(), h));
    assertThat(holders).containsKeys(PROGRAM + ".POOL", PROGRAM + ".LEAK", PROGRAM + ".MAPPED");
    assertMemory(holders.get(PROGRAM + ".POOL").path("memory"), 64, 64 * MIB, 0, 0);
    assertMemory(holders.get(PROGRAM + ".LEAK").path("memory"), 48, 48 * MIB, 0, 0);
    assertMemory(holders.get(PROGRAM + ".MAPPED").path("memory"), 0, 0, 3, 3 * MIB);

    // the leak grows by 16 MiB of native memory per dump and ranks first; the pool is stable
    JsonNode suspects = report.path("suspects");
    JsonNode leak = suspects.get(0);
    assertThat(leak.path("holder").asText())
        .as("suspects %s", suspects)
        .isEqualTo(PROGRAM + ".LEAK");
    assertThat(leak.path("kind").asText()).isEqualTo("native-memory");
    assertThat(leak.path("trend").asText()).isEqualTo("growing");
    assertThat(leak.path("nativeSeries"))
        .extracting(JsonNode::asLong)
        .containsExactly(16 * MIB, 32 * MIB, 48 * MIB);
    assertMemory(leak.path("nativeMemory"), 48, 48 * MIB, 0, 0);
    assertThat(leak.path("growthBytes").asLong()).isGreaterThanOrEqualTo(32 * MIB);
    List<String> holderNames = new ArrayList<>();
    suspects.forEach(s -> holderNames.add(s.path("holder").asText()));
    int pool = holderNames.indexOf(PROGRAM + ".POOL");
    assertThat(pool).as("the pool among %s", holderNames).isPositive();
    assertThat(suspects.get(pool).path("trend").asText()).isEqualTo("stable");

    // one dump alone: the pool is the biggest holder, named in the words of the report
    String text = text(dumps.get(0));
    assertThat(text)
        .contains(
            "   1. " + PROGRAM + ".POOL retains 64.0 MB of native memory through 64 direct buffers")
        .contains(
            "retains 80.0 MB of native memory through 80 direct buffers, and maps 3.0 MB of"
                + " files through 3 mapped buffers; 192 slices, duplicates and views share it")
        .contains(
            "held by      "
                + PROGRAM
                + ".LEAK: retains 16.0 MB of native memory through 16"
                + " direct buffers");
  }

  private static void assertMemory(
      JsonNode m, long directBuffers, long directBytes, long mappedBuffers, long mappedBytes) {
    assertThat(m.path("directBuffers").asLong())
        .as("direct buffers of %s", m)
        .isEqualTo(directBuffers);
    assertThat(m.path("directBytes").asLong()).as("direct bytes of %s", m).isEqualTo(directBytes);
    assertThat(m.path("mappedBuffers").asLong())
        .as("mapped buffers of %s", m)
        .isEqualTo(mappedBuffers);
    assertThat(m.path("mappedBytes").asLong()).as("mapped bytes of %s", m).isEqualTo(mappedBytes);
  }

  /** The child's BufferPoolMXBeans: pool name → {count, memory used, total capacity}. */
  private static Map<String, long[]> pools(Path stats) throws IOException {
    Map<String, long[]> pools = new HashMap<>();
    for (String line : Files.readAllLines(stats)) {
      String[] f = line.split(" ");
      if (f.length == 4) {
        pools.put(
            f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
      }
    }
    assertThat(pools).containsKeys("direct", "mapped");
    return pools;
  }

  private static String text(Path dump) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out), new PrintWriter(err), "analyze", dump.toString(), "--quiet");
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }
}
