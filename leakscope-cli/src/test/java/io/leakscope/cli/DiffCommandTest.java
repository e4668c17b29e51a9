package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakscope.testing.hprof.ServiceDumps;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
  @TempDir Path dir;

  /** A stable cache of 400 entries and a leak of {@code leaked} requests with 100-byte bodies. */
  private Path dump(String name, long time, int leaked) throws IOException {
    return ServiceDumps.stableCacheAndLeak(dir.resolve(name), time, 400, leaked);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void jsonDiffHasTheChangeOfEveryClassAndTheGrowingHolder() throws IOException {
    Path old = dump("old.hprof", 1_000, 40);
    Path now = dump("new.hprof", 2_000, 100);
    Path json = dir.resolve("diff.json");
    Run r =
        run(
            "diff",
            old.toString(),
            now.toString(),
            "--format",
            "json",
            "--output",
            json.toString(),
            "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode diff = new ObjectMapper().readTree(json.toFile());
    Map<String, JsonNode> classes = new HashMap<>();
    diff.path("classes").forEach(c -> classes.put(c.path("className").asText(), c));
    // 60 more requests, each with its own 100-byte body; the cache did not change
    assertThat(classes.get("a.Request").path("instancesDelta").asLong()).isEqualTo(60);
    assertThat(classes.get("a.Request").path("instancesAfter").asLong()).isEqualTo(100);
    assertThat(classes.get("byte[]").path("instancesDelta").asLong()).isEqualTo(60);
    assertThat(classes.get("byte[]").path("shallowBytesDelta").asLong())
        .isEqualTo(60L * 120); // 16-byte header + 100, aligned to 8
    assertThat(classes).doesNotContainKey("a.Entry");
    assertThat(diff.path("classes").get(0).path("className").asText()).isEqualTo("byte[]");
    JsonNode growing = diff.path("growingHolders");
    assertThat(growing.size()).isEqualTo(1);
    assertThat(growing.get(0).path("holder").asText()).isEqualTo("a.Leak.SEEN");
    assertThat(growing.get(0).path("growthBytes").asLong()).isPositive();
  }

  @Test
  void textDiffNamesBothDumpsAndTheHolder() throws IOException {
    Run r =
        run(
            "diff",
            dump("o.hprof", 1_000, 40).toString(),
            dump("n.hprof", 2_000, 100).toString(),
            "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("older  ", "newer  ", "Holders that grew", "a.Leak.SEEN", "a.Request");
  }

  @Test
  void badInputIsAUsageErrorOrABadDumpNamingTheFile() throws IOException {
    Path old = dump("o.hprof", 1_000, 1);
    Run missing = run("diff", old.toString(), dir.resolve("missing.hprof").toString());
    assertThat(missing.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(missing.err()).contains("missing.hprof does not exist").doesNotContain("Exception");
    Path garbage = Files.writeString(dir.resolve("garbage.hprof"), "not a heap dump at all");
    Run bad = run("diff", garbage.toString(), old.toString());
    assertThat(bad.exitCode()).isEqualTo(Main.EXIT_BAD_DUMP);
    assertThat(bad.err()).contains("bad heap dump " + garbage).doesNotContain("\tat ");
    Run badNewer = run("diff", old.toString(), garbage.toString());
    assertThat(badNewer.exitCode()).isEqualTo(Main.EXIT_BAD_DUMP);
    assertThat(badNewer.err())
        .contains("bad heap dump " + garbage + ": ")
        .doesNotContain(old.toString());
    Run format = run("diff", old.toString(), old.toString(), "--format", "xml");
    assertThat(format.exitCode()).isEqualTo(Main.EXIT_USAGE);
  }
}
