package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakscope.testing.hprof.ServiceDumps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak gate: between a dump with 40 leaked requests and one with 100, the holder {@code
 * a.Leak.SEEN} grows by 60 requests and their bodies while the cache {@code a.Cache.MAP} does not
 * change. The growth and the heap's size come from the JSON report of the same dumps, so the limits
 * below are exactly at the boundary.
 */
class GrowthGateTest {
  @TempDir Path dir;

  private Path old;
  private Path now;
  private long growth;
  private long reachable;

  @BeforeEach
  void dumps() throws IOException {
    old = ServiceDumps.stableCacheAndLeak(dir.resolve("old.hprof"), 1_000, 400, 40);
    now = ServiceDumps.stableCacheAndLeak(dir.resolve("new.hprof"), 2_000, 400, 100);
    CliRun json = CliRun.of("analyze", now.toString(), "--baseline", old.toString(), "-f", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.out());
    for (JsonNode s : report.path("suspects")) {
      if (s.path("holder").asText().equals("a.Leak.SEEN")) {
        growth = s.path("growthBytes").asLong();
      }
    }
    JsonNode dump = report.path("dump");
    reachable = dump.path("totalShallowBytes").asLong() - dump.path("unreachableBytes").asLong();
    // 60 requests (16 bytes) with a 100-byte body each (120 bytes) at least
    assertThat(growth).isGreaterThanOrEqualTo(60L * (16 + 120));
  }

  private CliRun analyze(String... gate) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("analyze", now.toString(), "--baseline", old.toString(), "-q"));
    args.addAll(List.of(gate));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aHolderThatGrewPastTheLimitFailsWithExitCode4AndIsNamed() {
    CliRun run = analyze("--fail-on-growth", String.valueOf(growth - 1));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_LEAK);
    assertThat(run.err())
        .contains("1 holder grew by more than " + (growth - 1))
        .contains("a.Leak.SEEN")
        .contains("a.Request")
        .doesNotContain("a.Cache.MAP");
    assertThat(run.out()).contains("Leak suspects"); // the report is still written
  }

  @Test
  void growthEqualToTheLimitPasses() {
    CliRun run = analyze("--fail-on-growth", String.valueOf(growth));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void aShareIsOfTheNewestDumpsReachableHeap() {
    double share = 100.0 * growth / reachable;
    CliRun below = analyze("--fail-on-growth", String.format("%.4f%%", share * 0.99));
    CliRun above = analyze("--fail-on-growth", String.format("%.4f%%", share * 1.01));
    assertThat(below.exitCode()).as(below.err()).isEqualTo(Main.EXIT_LEAK);
    assertThat(above.exitCode()).as(above.err()).isZero();
  }

  @Test
  void knownLeaksAreAcceptedByExactNameOrPattern() throws IOException {
    Path exact = Files.writeString(dir.resolve("exact.txt"), "# accepted\na.Leak.SEEN\n");
    Path pattern = Files.writeString(dir.resolve("pattern.txt"), "a.Leak.*  # all of a.Leak\n");
    Path other = Files.writeString(dir.resolve("other.txt"), "a.Leak.SEE\nb.*\n");
    assertThat(analyze("--fail-on-growth", "1", "--known-leaks", exact.toString()).exitCode())
        .isZero();
    assertThat(analyze("--fail-on-growth", "1", "--known-leaks", pattern.toString()).exitCode())
        .isZero();
    assertThat(analyze("--fail-on-growth", "1", "--known-leaks", other.toString()).exitCode())
        .isEqualTo(Main.EXIT_LEAK);
  }

  @Test
  void writeKnownLeaksAcceptsTodaysHoldersSoOnlyNewOnesFailLater() throws IOException {
    Path known = dir.resolve("known-leaks.txt");
    CliRun write = analyze("--fail-on-growth", "1KB", "--write-known-leaks", known.toString());
    assertThat(write.exitCode()).as(write.err()).isZero();
    assertThat(Files.readAllLines(known)).contains("a.Leak.SEEN");
    CliRun later = analyze("--fail-on-growth", "1KB", "--known-leaks", known.toString());
    assertThat(later.exitCode()).as(later.err()).isZero();
  }

  @Test
  void diffHasTheSameGate() {
    CliRun run = CliRun.of("diff", old.toString(), now.toString(), "-q", "--fail-on-growth", "1KB");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_LEAK);
    assertThat(run.err()).contains("a.Leak.SEEN");
  }

  @Test
  void badGateOptionsAreUsageErrors() throws IOException {
    Path dump = now;
    CliRun noBaseline = CliRun.of("analyze", dump.toString(), "-q", "--fail-on-growth", "1MB");
    assertThat(noBaseline.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noBaseline.err()).contains("--fail-on-growth needs an older dump");
    CliRun badLimit = analyze("--fail-on-growth", "10 parsecs");
    assertThat(badLimit.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(badLimit.err()).contains("--fail-on-growth: '10 parsecs'").doesNotContain("\tat ");
    CliRun zeroShare = analyze("--fail-on-growth", "0%");
    assertThat(zeroShare.exitCode()).isEqualTo(Main.EXIT_USAGE);
    CliRun knownWithoutLimit = analyze("--known-leaks", dir.resolve("x").toString());
    assertThat(knownWithoutLimit.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(knownWithoutLimit.err()).contains("need --fail-on-growth");
    CliRun missingKnown =
        analyze("--fail-on-growth", "1MB", "--known-leaks", dir.resolve("none.txt").toString());
    assertThat(missingKnown.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(missingKnown.err()).contains("--known-leaks: ");
  }

  @Test
  void limitsParseAsBinarySizesOrShares() {
    assertThat(GrowthGate.limitBytes(GrowthGate.parseLimit("512"), 0)).isEqualTo(512);
    assertThat(GrowthGate.limitBytes(GrowthGate.parseLimit("10MB"), 0)).isEqualTo(10L << 20);
    assertThat(GrowthGate.limitBytes(GrowthGate.parseLimit("1.5 kb"), 0)).isEqualTo(1536);
    assertThat(GrowthGate.limitBytes(GrowthGate.parseLimit("2G"), 0)).isEqualTo(2L << 30);
    assertThat(GrowthGate.limitBytes(GrowthGate.parseLimit("2%"), 1_000_000)).isEqualTo(20_000);
    assertThat(GrowthGate.parseLimit("0")).isNull();
    assertThat(GrowthGate.parseLimit("101%")).isNull();
    assertThat(GrowthGate.parseLimit("-5MB")).isNull();
    assertThat(GrowthGate.parseLimit("MB")).isNull();
  }
}
