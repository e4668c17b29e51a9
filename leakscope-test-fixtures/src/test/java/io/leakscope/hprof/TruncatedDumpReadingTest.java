package io.leakscope.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leakscope.testing.hprof.HeapDumpBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps cut off at known offsets: without leniency the reader fails with a truncation error naming
 * where the dump ends; opened leniently, it reads exactly the objects whose sub-records are
 * complete. The oracle is the object offsets of a full read of the same dump.
 */
class TruncatedDumpReadingTest {
  @TempDir Path dir;

  /** Offsets of every object sub-record, in file order. */
  static final class Offsets implements HprofVisitor {
    final List<Long> objects = new ArrayList<>();

    @Override
    public void classDump(ClassDump dump, long offset) {
      objects.add(offset);
    }

    @Override
    public void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes) {
      objects.add(offset);
    }

    @Override
    public void objectArrayDump(
        long id, long arrayClassId, int length, long offset, RecordInput in) {
      objects.add(offset);
    }

    @Override
    public void primitiveArrayDump(long id, int type, int length, long offset, RecordInput in) {
      objects.add(offset);
    }
  }

  private static byte[] dump() {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    HeapDumpBuilder.ClassHandle node =
        b.defineClass("com.acme.Node", b.objectClass(), HeapDumpBuilder.FieldSpec.ref("next"));
    long prev = 0;
    for (int i = 0; i < 40; i++) {
      prev = b.instance(node, prev).id();
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, prev);
    return b.toByteArray();
  }

  private List<Long> read(Path file, boolean lenient) throws IOException {
    Offsets o = new Offsets();
    try (HprofFile f = HprofFile.open(file, lenient)) {
      HprofReader.read(f, o, ProgressListener.NONE, "test");
    }
    return o.objects;
  }

  private Path cut(byte[] dump, long length) throws IOException {
    Path p = dir.resolve("cut-" + length + ".hprof");
    Files.write(p, Arrays.copyOf(dump, (int) length));
    return p;
  }

  @Test
  void aCutInsideAnObjectKeepsTheObjectsBeforeIt() throws IOException {
    byte[] dump = dump();
    List<Long> all = read(cut(dump, dump.length), false);
    int k = all.size() / 2;
    long at = all.get(k) + 5; // inside object k
    Path p = cut(dump, at);

    HprofFormatException strict =
        catchThrowableOfType(HprofFormatException.class, () -> read(p, false));
    assertThat(strict.truncated()).isTrue();
    assertThat(strict.dumpEnd()).isEqualTo(at);

    assertThat(read(p, true)).isEqualTo(all.subList(0, k));
    try (HprofFile f = HprofFile.open(p, true)) {
      Truncation t = f.truncation().orElseThrow();
      assertThat(t.dumpEnd()).isEqualTo(at);
      assertThat(t.usableEnd()).isEqualTo(all.get(k));
      assertThat(t.cutRecord()).isEqualTo("HEAP_DUMP_SEGMENT");
      assertThat(t.missingBytes()).isPositive();
    }
  }

  @Test
  void aCutBetweenSubRecordsKeepsEveryObjectBeforeIt() throws IOException {
    byte[] dump = dump();
    List<Long> all = read(cut(dump, dump.length), false);
    int k = all.size() - 3;
    Path p = cut(dump, all.get(k));
    assertThat(read(p, true)).isEqualTo(all.subList(0, k));
  }

  @Test
  void aCutInARecordHeaderKeepsTheRecordsBeforeIt() throws IOException {
    byte[] dump = dump();
    List<Long> all = read(cut(dump, dump.length), false);
    // the segment's 9-byte header ends where its first sub-record starts
    long segment = all.get(0) - 9;
    Path p = cut(dump, segment + 3);
    assertThat(read(p, true)).isEmpty();
    try (HprofFile f = HprofFile.open(p, true)) {
      Truncation t = f.truncation().orElseThrow();
      assertThat(t.cutRecord()).isEqualTo("record header");
      assertThat(t.cutRecordOffset()).isEqualTo(segment);
      assertThat(t.usableEnd()).isEqualTo(segment);
      assertThat(t.dumpEnd()).isEqualTo(segment + 3);
    }
  }

  @Test
  void aCutRightAfterTheHeaderOrBeforeHeapDumpEndIsATruncation() throws IOException {
    byte[] dump = dump();
    int header = (int) HprofFile.open(cut(dump, dump.length)).header().length();
    try (HprofFile f = HprofFile.open(cut(dump, header), true)) {
      assertThat(f.truncation().orElseThrow().cutRecord()).isEqualTo("first record");
    }
    // HEAP_DUMP_END is the last record HeapDumpBuilder writes: 9 bytes
    try (HprofFile f = HprofFile.open(cut(dump, dump.length - 9), true)) {
      Truncation t = f.truncation().orElseThrow();
      assertThat(t.cutRecord()).isEqualTo("HEAP_DUMP_END");
      assertThat(t.usableEnd()).isEqualTo(dump.length - 9);
    }
  }

  @Test
  void aCompleteDumpOpenedLenientlyIsNotTruncated() throws IOException {
    byte[] dump = dump();
    Path p = cut(dump, dump.length);
    try (HprofFile f = HprofFile.open(p, true)) {
      assertThat(f.truncation()).isEmpty();
    }
    assertThat(read(p, true)).isEqualTo(read(p, false));
  }

  @Test
  void aCutGzipDumpIsReadUpToWhereItsDataEnds() throws IOException {
    Path gz = dir.resolve("full.hprof.gz");
    HeapDumpBuilder b = HeapDumpBuilder.create();
    for (int i = 0; i < 2000; i++) {
      b.primitiveArray(new long[] {i, i * 31L, i * 17L});
    }
    b.writeGzipTo(gz, 4096);
    Path plain = dir.resolve("full.hprof");
    b.writeTo(plain);
    List<Long> all = read(plain, false);
    byte[] compressed = Files.readAllBytes(gz);
    Path cutGz = dir.resolve("cut.hprof.gz");
    Files.write(cutGz, Arrays.copyOf(compressed, compressed.length / 2));

    HprofFormatException strict =
        catchThrowableOfType(HprofFormatException.class, () -> read(cutGz, false));
    assertThat(strict.truncated()).isTrue();

    List<Long> part = read(cutGz, true);
    assertThat(part).isNotEmpty().isEqualTo(all.subList(0, part.size()));
    assertThat(part.size()).isLessThan(all.size());
    try (HprofFile f = HprofFile.open(cutGz, true)) {
      Truncation t = f.truncation().orElseThrow();
      assertThat(t.dumpEnd()).isEqualTo(strict.dumpEnd());
      // the first object not read is the one the cut falls in
      assertThat(t.usableEnd()).isEqualTo(all.get(part.size()));
      assertThat(t.dumpEnd()).isGreaterThan(t.usableEnd());
    }
  }
}
