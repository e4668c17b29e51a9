package io.leakscope.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the comparison's pieces on a small dump (about 100,000 objects) made by a real child JVM:
 * each runner must finish in its own JVM, print a result line, and count the same objects. Speed is
 * not asserted; that is what {@link Compare} is for.
 */
class ComparisonSmokeTest {

  private static final long OBJECTS = 100_000;

  @TempDir static Path dir;

  private static Path dump;
  private static RunResult netbeans;

  @BeforeAll
  static void generateSmallDumpAndRunNetBeans() throws Exception {
    DumpGenerator.Dump generated =
        DumpGenerator.generate(java(), dir.resolve("small.hprof"), OBJECTS, false, "256m", null);
    assertThat(generated.workloadObjects()).isBetween(OBJECTS, OBJECTS * 11 / 10);
    dump = generated.path();
    netbeans = runInChildJvm("netbeans", NetBeansRunner.class);
  }

  @Test
  void netBeansReportsItsHistogramAndRetainedSizes() {
    assertThat(netbeans.get("status")).isEqualTo("ok");
    assertThat(netbeans.getLong("objects")).isGreaterThan(OBJECTS);
    assertThat(netbeans.getLong("peakRssKb")).isPositive();
    assertThat(netbeans.getLong("topRetainedBytes")).isPositive();
  }

  @Test
  void sharkCountsTheSameObjectsAsNetBeans() throws Exception {
    RunResult shark = runInChildJvm("shark", SharkRunner.class);

    assertThat(shark.get("status")).isEqualTo("ok");
    assertThat(shark.getLong("peakRssKb")).isPositive();
    assertThat(shark.getLong("dominatorNodes")).isGreaterThan(OBJECTS);
    assertThat(shark.getLong("objects"))
        .isCloseTo(netbeans.getLong("objects"), Percentage.withPercentage(1));
  }

  @Test
  void leakscopeCountsTheSameObjectsAsNetBeans() throws Exception {
    Map<String, Object> extra = new LinkedHashMap<>();
    String status = LeakscopeRunner.analyze(dump.toFile(), extra);

    // only a CLI that is not there skips: built with -Dleakscope.benchmarks.noCli
    assumeThat(status)
        .as("the CLI is not on the class path (%s); skipping leakscope's smoke test", extra)
        .isNotEqualTo("unavailable");
    assertThat(status).as("leakscope analyze %s: %s", dump, extra).isEqualTo("ok");
    assertThat((Long) extra.get("objects"))
        .isCloseTo(netbeans.getLong("objects"), Percentage.withPercentage(1));
  }

  private static RunResult runInChildJvm(String tool, Class<?> runner) throws Exception {
    ChildJvm.Outcome outcome =
        new ChildJvm(
                tool,
                java(),
                List.of("-Xmx512m"),
                System.getProperty("java.class.path"),
                runner,
                List.of(dump.toString()))
            .timeout(Duration.ofMinutes(2))
            .run();
    return RunResult.findIn(outcome.stdout())
        .orElseThrow(
            () ->
                new AssertionError(
                    tool
                        + " printed no result line; exit "
                        + outcome.exitCode()
                        + "\n"
                        + outcome.stderr()));
  }

  private static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
