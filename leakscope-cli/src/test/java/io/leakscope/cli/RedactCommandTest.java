package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactCommandTest {
  private static final String SECRET = "hunter2-password";

  @TempDir Path dir;
  private Path dump;
  private byte[] dumpBytes;

  @BeforeEach
  void buildDump() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    HeapDumpBuilder.Instance s = b.string(SECRET);
    b.primitiveArray(SECRET.getBytes(StandardCharsets.ISO_8859_1));
    b.primitiveArray(new int[] {1, 2, 3, 4});
    b.root(HprofTag.ROOT_JNI_GLOBAL, s.id());
    dump = dir.resolve("in.hprof");
    b.writeTo(dump);
    dumpBytes = Files.readAllBytes(dump);
  }

  private List<Path> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(Path::getFileName).sorted().toList();
    }
  }

  private static boolean contains(byte[] haystack, String text) {
    byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void writesACopyWithoutTheSecretAndSummarizesWhatWasZeroed() throws IOException {
    Path out = dir.resolve("out.hprof");
    CliRun run = CliRun.of("redact", dump.toString(), out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    byte[] copy = Files.readAllBytes(out);
    assertThat(copy).hasSameSizeAs(dumpBytes);
    assertThat(contains(dumpBytes, SECRET)).isTrue();
    assertThat(contains(copy, SECRET)).isFalse();
    // two byte[] (the String's value and the array), one int[]: 2 x 16 + 16 bytes
    assertThat(run.out())
        .contains("Redacted " + dump + " -> " + out)
        .contains("the same length as the dump")
        .contains("zeroed the contents of 3 primitive arrays, 48 B")
        .containsPattern("byte\\[\\] +2 arrays +32 B")
        .containsPattern("int\\[\\] +1 arrays +16 B")
        .contains("zeroed 2 cached hash codes")
        .contains("kept: class, field, method and file names");
    assertThat(filesInDir()).containsExactly(Path.of("in.hprof"), Path.of("out.hprof"));
  }

  @Test
  void outputNamedGzIsGzipOfTheSameCopy() throws IOException {
    Path plain = dir.resolve("out.hprof");
    Path gz = dir.resolve("out.hprof.gz");
    assertThat(CliRun.of("redact", dump.toString(), plain.toString(), "-q").exitCode()).isZero();
    CliRun run = CliRun.of("redact", dump.toString(), gz.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("gzip; ");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(plain));
    }
  }

  @Test
  void quietPrintsNothing() {
    CliRun run = CliRun.of("redact", dump.toString(), dir.resolve("out.hprof").toString(), "-q");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void theDumpItselfIsNeverTheOutputEvenWithForce() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link.hprof"), dump);
    for (String out :
        List.of(
            dump.toString(), dir.resolve(".").resolve("in.hprof").toString(), link.toString())) {
      CliRun run = CliRun.of("redact", dump.toString(), out, "--force");
      assertThat(run.exitCode()).as(out).isEqualTo(Main.EXIT_USAGE);
      assertThat(run.err()).contains("is the heap dump itself (IN)");
    }
    assertThat(Files.readAllBytes(dump)).isEqualTo(dumpBytes);
  }

  @Test
  void anExistingOutputIsReplacedOnlyWithForce() throws IOException {
    Path out = dir.resolve("out.hprof");
    Files.writeString(out, "keep me");
    CliRun refused = CliRun.of("redact", dump.toString(), out.toString());
    assertThat(refused.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(refused.err())
        .startsWith("leakscope: OUT " + out + " exists (use --force to replace it)");
    assertThat(Files.readString(out)).isEqualTo("keep me");

    CliRun forced = CliRun.of("redact", dump.toString(), out.toString(), "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(Files.size(out)).isEqualTo(dumpBytes.length);
  }

  @Test
  void truncatedDumpExitsWith3AndLeavesNoOutput() throws IOException {
    Path cut = dir.resolve("cut.hprof");
    Files.write(cut, Arrays.copyOf(dumpBytes, dumpBytes.length - 10));
    Files.delete(dump);
    CliRun run = CliRun.of("redact", cut.toString(), dir.resolve("out.hprof").toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_DUMP);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("leakscope: bad heap dump " + cut + ": ")
        .contains("at 0x")
        .doesNotContain("Exception");
    assertThat(filesInDir()).containsExactly(Path.of("cut.hprof"));
  }

  @Test
  void aMissingDumpIsAUsageError() {
    CliRun run =
        CliRun.of("redact", dir.resolve("nope.hprof").toString(), dir.resolve("o").toString());
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err())
        .startsWith("leakscope: heap dump " + dir.resolve("nope.hprof") + " does not exist");
  }

  @Test
  void helpListsTheCommand() {
    CliRun run = CliRun.of("--help");
    assertThat(run.out())
        .containsPattern("redact +Writes a copy of a heap dump that can be shared");
  }
}
