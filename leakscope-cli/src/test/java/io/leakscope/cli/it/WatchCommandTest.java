package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakscope.cli.it.programs.WatchedProgram;
import io.leakscope.testing.Jdk;
import io.leakscope.watchdog.HostName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code leakscope watch} attached to real JVMs (each JDK found): a steady leak is reported as
 * growing with its class on top and its dumps diff as growth; a churning but flat heap is not.
 */
// waits on child JVMs sampled in real time: runs beside the other classes
// (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class WatchCommandTest {
  static List<Path> jdks() {
    return Jdk.candidateHomes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void steadyLeakIsGrowingWithByteArraysOnTopAndItsTwoDumpsShowTheGrowth(
      Path home, @TempDir Path temp) throws IOException {
    Jdk jdk = Jdk.require(home);
    // --dir is created when missing, parents too
    Path dir = temp.resolve("evidence").resolve("watch");
    long pid;
    Watch watch;
    try (ChildJvm child =
        ChildJvm.start(jdk, WatchedProgram.class, List.of("-Dwatched.leak=true"))) {
      pid = child.pid();
      watch =
          Watch.run(
              Long.toString(child.pid()),
              "--plain",
              "--interval",
              "500ms",
              "--count",
              "14",
              // the agent's buckets are a 40th of the window: 250 ms, so each sample is a reading
              "--window",
              "10s",
              "--dump",
              "--dir",
              dir.toString());
    }
    assertThat(watch.exitCode()).as(watch.err()).isZero();
    List<String> blocks = watch.blocks();
    assertThat(blocks).as(watch.out()).hasSize(14);
    String last = blocks.get(blocks.size() - 1);
    assertThat(Watch.verdict(last)).as(last).isEqualTo("growing");
    assertThat(Watch.growingClasses(last)).as(last).first().isEqualTo("byte[]");
    assertThat(last).doesNotContain("\033");

    // Two dumps (gzip: the tests export sun.tools.attach as the jar's manifest does), each with
    // its histogram; the printed command analyzes the newer against the older.
    List<Path> dumps = files(dir, "heap-");
    assertThat(dumps).hasSize(2).allMatch(p -> p.toString().endsWith(".hprof.gz"));
    // named by host and pid, so that several machines or pods can share the directory
    String named =
        "heap-" + Pattern.quote(HostName.current() + "-" + pid) + "-\\d{8}T\\d{6}\\.\\d{3}Z";
    assertThat(dumps).allMatch(p -> p.getFileName().toString().matches(named + "\\.hprof\\.gz"));
    List<Path> histograms = files(dir, "histogram-");
    assertThat(histograms).hasSize(2);
    assertThat(Files.readString(histograms.get(0))).contains(" byte[] ").doesNotContain(" [B ");
    String command = "leakscope analyze " + dumps.get(1) + " --baseline " + dumps.get(0);
    assertThat(last).contains("next       " + command);

    // The printed command works: both dumps parse, and the leak's holder is the first suspect,
    // grown between them.
    AnalyzedDump report =
        AnalyzedDump.analyze(
            dumps.get(1), dir.resolve("report.json"), "--baseline", dumps.get(0).toString());
    JsonNode first = report.section("suspects").get(0);
    assertThat(first.path("holder").asText())
        .as("%s", first)
        .isEqualTo(WatchedProgram.class.getName() + ".LEAKED");
    assertThat(first.path("growthBytes").asLong()).as("%s", first).isGreaterThan(64 * 1024);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void churningFlatHeapIsNeverGrowing(Path home) {
    Jdk jdk = Jdk.require(home);
    Watch watch;
    // JDK 17's reflection generates an accessor class for each method after its 15th call: the
    // management calls that watch's samples make in the child did so about 8 s in (27 of them,
    // a one-time step of 0.2 MB on a 5 MB live set), and in a 10 s window that step once read as
    // growth. Never inflating keeps the heap this test calls flat free of watch's own footprint;
    // JDK 18 and later ignore the property.
    // Watch's own probes still leave a little in the child as they start (JMX and management
    // objects): once, on JDK 17 with G1, the live set went from 4.6 to 5.1 MB in the first 6 s,
    // which on a live set of 5 MB read as growth ("growing" at sample 14, p = 0.0003). 32 MB that
    // never change make the live set a small service's, where that start-up step is under 2% and
    // below the 2.5% a leak must grow by.
    List<String> flat =
        List.of("-Dsun.reflect.inflationThreshold=2147483647", "-Dwatched.ballastMb=32");
    try (ChildJvm child = ChildJvm.start(jdk, WatchedProgram.class, flat)) {
      // A window the 24 samples span: "flat" needs a whole window (or a slope far from a leak's)
      // with 8 readings in it. The window is 10 s, not 5: with test classes running side by side
      // on two cores the child once collected its old generation only 7 times in 5 s.
      watch =
          Watch.run(
              Long.toString(child.pid()),
              "--plain",
              "--interval",
              "500ms",
              "--count",
              "24",
              "--window",
              "10s");
    }
    assertThat(watch.exitCode()).as(watch.err()).isZero();
    List<String> blocks = watch.blocks();
    assertThat(blocks).hasSize(24);
    for (String block : blocks) {
      assertThat(Watch.verdict(block)).as(block).isNotEqualTo("growing");
    }
    String last = blocks.get(blocks.size() - 1);
    assertThat(Watch.verdict(last)).as(last).isEqualTo("flat");
    // the whole process's memory: the child's RSS, its heap maximum (WatchedProgram runs with
    // -Xmx256m) and a fit verdict against its limit
    assertThat(last)
        .containsPattern(
            "\n"
                + "memory     RSS \\d+\\.\\d [KMG]B \\(peak [^)]+\\), heap [^,]+ committed of"
                + " 256\\.0 MB max\n")
        .containsPattern("\nnon-heap   \\d+\\.\\d [KMG]B resident: metaspace ")
        .containsPattern("\nlimit      ")
        .containsPattern("\nfit        (fits|tight|does not fit)");
  }

  /**
   * With young collections only (no old-generation collection, so no live-set reading), watch
   * judges the whole heap after young collections as the agent does ({@code LiveSetVerdict}): a
   * flat one proves the live set flat ("flat"; before, "collecting data" until an old collection),
   * a growing one proves nothing, so a leak is never called flat (nor growing: bounds never prove a
   * leak).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void youngCollectionsAloneGiveFlatByTheUpperBoundsButNeverForALeak(Path home) {
    Jdk jdk = Jdk.require(home);
    List<String> youngOnly =
        List.of(
            "-Xmn16m",
            "-Dwatched.systemGc=false",
            "-Dwatched.churn=false",
            "-Dwatched.garbage=2097152");
    for (boolean leak : List.of(false, true)) {
      List<String> options = new ArrayList<>(youngOnly);
      options.add("-Dwatched.leak=" + leak);
      // The healthy child's first promotions raise the bounds for a few seconds; 20 s leaves a
      // whole flat window after them even on a loaded machine (12 s failed once in three runs).
      int count = leak ? 14 : 40;
      Watch watch;
      try (ChildJvm child = ChildJvm.start(jdk, WatchedProgram.class, options)) {
        watch =
            Watch.run(
                Long.toString(child.pid()),
                "--plain",
                "--interval",
                "500ms",
                "--count",
                Integer.toString(count),
                "--window",
                "10s");
      }
      assertThat(watch.exitCode()).as(watch.err()).isZero();
      List<String> blocks = watch.blocks();
      assertThat(blocks).hasSize(count);
      List<String> verdicts = blocks.stream().map(Watch::verdict).toList();
      if (leak) {
        assertThat(verdicts).as(watch.out()).containsOnly("collecting data");
      } else {
        assertThat(verdicts).as(watch.out()).doesNotContain("growing");
        String last = blocks.get(blocks.size() - 1);
        assertThat(Watch.verdict(last)).as(watch.out()).isEqualTo("flat");
        assertThat(Watch.line(last, "trend      ").orElseThrow())
            .contains("flat by the heap after young collections");
      }
    }
  }

  /** Files in {@code dir} whose names start with {@code prefix}, oldest (by name) first. */
  private static List<Path> files(Path dir, String prefix) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }
}
