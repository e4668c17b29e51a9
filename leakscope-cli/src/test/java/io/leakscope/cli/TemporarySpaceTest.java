package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.hprof.HprofFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporarySpaceTest {
  private static final Path TMP = Path.of("/var/tmp");
  private static final long GB = 1_000_000_000L;

  @Test
  void tooLittleRoomIsAWarningNamingTheDirectoryBothSizesAndTheFix() {
    assertThat(TemporarySpace.advice(TMP, 12 * GB, 3 * GB, "ext4"))
        .hasValueSatisfying(
            a ->
                assertThat(a)
                    .startsWith("leakscope: warning: the temporary directory /var/tmp has 3.0 GB")
                    .contains("up to about 12.0 GB")
                    .contains("stays in memory")
                    .contains("LEAKSCOPE_JAVA_OPTS=-Djava.io.tmpdir=DIR")
                    .doesNotContain("\n"));
    assertThat(TemporarySpace.advice(TMP, 12 * GB, 13 * GB, "ext4")).isEmpty();
  }

  @Test
  void aGzipDumpWithRoomForTheArraysButNotItsUnpackedCopyIsANote() {
    assertThat(TemporarySpace.advice(TMP, 12 * GB, 20 * GB, "ext4", true))
        .hasValueSatisfying(
            a ->
                assertThat(a)
                    .startsWith("leakscope: note: the temporary directory /var/tmp has 20.0 GB")
                    .contains("inflated again for every read")
                    .contains("unpack it first")
                    .contains("LEAKSCOPE_JAVA_OPTS=-Djava.io.tmpdir=DIR")
                    .doesNotContain("\n"));
    assertThat(TemporarySpace.advice(TMP, 12 * GB, 24 * GB, "ext4", true)).isEmpty();
    assertThat(TemporarySpace.advice(TMP, 12 * GB, 20 * GB, "ext4", false))
        .as("a plain dump is never unpacked")
        .isEmpty();
    assertThat(TemporarySpace.advice(TMP, 12 * GB, 3 * GB, "ext4", true))
        .hasValueSatisfying(a -> assertThat(a).startsWith("leakscope: warning:"));
  }

  @Test
  void aTemporaryDirectoryInMemoryIsNamedWhateverItsRoom() {
    assertThat(TemporarySpace.advice(Path.of("/tmp"), 2 * GB, 100 * GB, "tmpfs"))
        .hasValueSatisfying(
            a -> assertThat(a).contains("/tmp is in memory (tmpfs)").contains("about 2.0 GB"));
  }

  @Test
  void smallDumpsAreNotChecked() {
    assertThat(TemporarySpace.advice(TMP, 100_000_000L, 0, "tmpfs")).isEmpty();
  }

  /** On this machine's real temporary directory: a dump bigger than its free space is warned of. */
  @Test
  void theRealTemporaryDirectoryIsChecked(@TempDir Path dir) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long free = Files.getFileStore(tmp).getUsableSpace();
    Path small = dir.resolve("small.hprof");
    Files.write(small, new byte[1024]);
    Path huge = dir.resolve("huge.hprof");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(free + GB); // sparse: takes no room
    }
    String type = Files.getFileStore(tmp).type();
    assertThat(TemporarySpace.check(List.of(small))).isEmpty();
    assertThat(TemporarySpace.check(List.of(small, huge)))
        .hasValueSatisfying(
            a ->
                assertThat(a)
                    .contains(tmp.toString())
                    .contains(type.equals("tmpfs") ? "in memory" : "free"));
    // a gzip dump is told by its first bytes, not its name: it counts five times its size
    Path gzipNamedHprof = dir.resolve("gz.hprof");
    try (RandomAccessFile f = new RandomAccessFile(gzipNamedHprof.toFile(), "rw")) {
      f.write(new byte[] {0x1f, (byte) 0x8b, 8, 0});
      f.setLength(free / TemporarySpace.GZIP_RATIO + GB);
    }
    assertThat(HprofFile.isGzip(gzipNamedHprof)).isTrue();
    assertThat(HprofFile.isGzip(huge)).isFalse();
    assertThat(TemporarySpace.check(List.of(small, gzipNamedHprof))).isPresent();
    // an unreadable or missing dump is the analysis's to report, not this check's
    assertThat(TemporarySpace.check(List.of(dir.resolve("missing.hprof")))).isEmpty();
  }
}
