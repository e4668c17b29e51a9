package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.hprof.HeapDumpBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineOptionTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    return Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
  }

  @Test
  void aMissingBaselineIsAUsageError() throws IOException {
    Path dump = dir.resolve("d.hprof");
    HeapDumpBuilder.create().writeTo(dump);
    StringWriter err = new StringWriter();
    int code =
        run(err, "analyze", dump.toString(), "--baseline", dir.resolve("old.hprof").toString());
    assertThat(code).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString())
        .contains("baseline dump " + dir.resolve("old.hprof") + " does not exist");
  }

  @Test
  void aMalformedBaselineIsNamedInTheError() throws IOException {
    Path dump = dir.resolve("d.hprof");
    HeapDumpBuilder.create().writeTo(dump);
    Path old = Files.writeString(dir.resolve("old.hprof"), "JAVA PROFILE 1.0.2 but then nothing");
    StringWriter err = new StringWriter();
    int code = run(err, "analyze", dump.toString(), "--baseline", old.toString(), "-q");
    assertThat(code).isEqualTo(Main.EXIT_BAD_DUMP);
    assertThat(err.toString())
        .startsWith("leakscope: bad baseline dump " + old + ": ")
        .doesNotContain("bad heap dump " + dump)
        .doesNotContain("\tat ");
  }

  @Test
  void aTruncatedBaselineIsNamedWithWhereItEndsEvenWithLenient() throws IOException {
    Path dump = dir.resolve("d.hprof");
    HeapDumpBuilder.create().writeTo(dump);
    byte[] whole = Files.readAllBytes(dump);
    Path old = Files.write(dir.resolve("old.hprof"), Arrays.copyOf(whole, whole.length - 4));
    StringWriter err = new StringWriter();
    int code =
        run(err, "analyze", dump.toString(), "--baseline", old.toString(), "--lenient", "-q");
    assertThat(code).isEqualTo(Main.EXIT_BAD_DUMP);
    assertThat(err.toString())
        .startsWith("leakscope: bad baseline dump " + old + ": ")
        .contains("truncated at offset 0x" + Long.toHexString(whole.length - 4))
        .contains("--lenient does not apply to baselines")
        .doesNotContain("bad heap dump " + dump)
        .doesNotContain("\tat ");
  }
}
