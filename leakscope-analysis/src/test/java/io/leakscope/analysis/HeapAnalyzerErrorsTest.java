package io.leakscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A format error names the dump that failed, the analyzed one or a baseline, and keeps where. */
class HeapAnalyzerErrorsTest {
  @TempDir Path dir;

  private Path whole(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes());
    return p;
  }

  private static byte[] bytes() {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    b.stickyClass(b.objectClass());
    for (int i = 0; i < 20; i++) {
      b.primitiveArray(new byte[100]);
    }
    return b.toByteArray();
  }

  /** The dump cut 10 bytes before its end, inside its last record. */
  private Path cut(String name) throws IOException {
    byte[] b = bytes();
    return Files.write(dir.resolve(name), Arrays.copyOf(b, b.length - 10));
  }

  private Path garbage(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "JAVA PROFILE 1.0.2 but then nothing");
  }

  private static HprofFormatException analyzeFails(Path dump, AnalysisOptions options) {
    return catchThrowableOfType(
        HprofFormatException.class,
        () -> HeapAnalyzer.analyze(dump, options, ProgressListener.NONE));
  }

  @Test
  void aTruncatedBaselineIsNamedAndKeepsWhereItEnds() throws IOException {
    Path dump = whole("new.hprof");
    Path first = whole("first.hprof");
    Path cut = cut("cut.hprof");
    long length = Files.size(cut);

    HprofFormatException e =
        analyzeFails(dump, new AnalysisOptions(5, List.of(first, cut)).withLenient(true));

    assertThat(e.dump()).isEqualTo(cut);
    assertThat(e.truncated()).isTrue();
    assertThat(e.dumpEnd()).isEqualTo(length);
    assertThat(e.offset()).isBetween(0L, length);
    assertThat(e.getMessage()).doesNotContain(cut.toString());
  }

  @Test
  void aCorruptBaselineIsNamed() throws IOException {
    Path old = garbage("old.hprof");
    HprofFormatException e = analyzeFails(whole("new.hprof"), new AnalysisOptions(5, List.of(old)));
    assertThat(e.dump()).isEqualTo(old);
    assertThat(e.truncated()).isFalse();
  }

  @Test
  void theAnalyzedDumpsErrorNamesIt() throws IOException {
    Path cut = cut("cut.hprof");
    HprofFormatException alone = analyzeFails(cut, new AnalysisOptions(5));
    assertThat(alone.dump()).isEqualTo(cut);
    assertThat(alone.truncated()).isTrue();
    assertThat(alone.dumpEnd()).isEqualTo(Files.size(cut));

    Path bad = garbage("bad.hprof");
    HprofFormatException withBaseline =
        analyzeFails(bad, new AnalysisOptions(5, List.of(whole("old.hprof"))));
    assertThat(withBaseline.dump()).isEqualTo(bad);
  }

  @Test
  void diffNamesTheOlderOrTheNewerDump() throws IOException {
    Path good = whole("good.hprof");
    Path cut = cut("cut.hprof");
    HprofFormatException older =
        catchThrowableOfType(
            HprofFormatException.class, () -> HeapAnalyzer.diff(cut, good, ProgressListener.NONE));
    assertThat(older.dump()).isEqualTo(cut);
    assertThat(older.truncated()).isTrue();
    HprofFormatException newer =
        catchThrowableOfType(
            HprofFormatException.class, () -> HeapAnalyzer.diff(good, cut, ProgressListener.NONE));
    assertThat(newer.dump()).isEqualTo(cut);
    assertThat(newer.dumpEnd()).isEqualTo(Files.size(cut));
  }
}
