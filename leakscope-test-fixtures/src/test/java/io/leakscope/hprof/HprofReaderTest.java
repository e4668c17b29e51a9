package io.leakscope.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leakscope.testing.hprof.HeapDumpBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HprofReaderTest {
  @TempDir Path dir;

  /** Counts what a pass sees. */
  static final class Counter implements HprofVisitor {
    long instances;
    long objectArrays;
    long primitiveArrays;
    long classes;
    long roots;
    final List<Long> instanceIds = new ArrayList<>();

    @Override
    public void classDump(ClassDump dump, long offset) {
      classes++;
    }

    @Override
    public void gcRoot(int kind, long objectId, int threadSerial, int frame) {
      roots++;
    }

    @Override
    public void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes) {
      instances++;
      instanceIds.add(id);
    }

    @Override
    public void objectArrayDump(
        long id, long arrayClassId, int length, long offset, RecordInput in) {
      objectArrays++;
    }

    @Override
    public void primitiveArrayDump(long id, int type, int length, long offset, RecordInput in) {
      primitiveArrays++;
    }
  }

  private static HeapDumpBuilder smallHeap(HeapDumpBuilder b) {
    HeapDumpBuilder.ClassHandle node =
        b.defineClass(
            "com.acme.Node",
            b.objectClass(),
            HeapDumpBuilder.FieldSpec.ref("next"),
            HeapDumpBuilder.FieldSpec.of("value", int.class));
    long prev = 0;
    for (int i = 0; i < 50; i++) {
      prev = b.instance(node, prev, i).id();
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, prev);
    b.objectArray(node, prev, 0L);
    b.primitiveArray(new byte[] {1, 2, 3});
    b.string("hello");
    return b;
  }

  private Counter read(Path file) throws IOException {
    Counter c = new Counter();
    try (HprofFile f = HprofFile.open(file)) {
      HprofReader.read(f, c, ProgressListener.NONE, "test");
    }
    return c;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsEveryObjectOfABuiltDump() throws IOException {
    HeapDumpBuilder b = smallHeap(HeapDumpBuilder.create());
    Counter c = read(write("a.hprof", b.toByteArray()));
    assertThat(c.instances).isEqualTo(50 + 1); // nodes + the String
    assertThat(c.objectArrays).isEqualTo(1);
    assertThat(c.primitiveArrays).isEqualTo(2); // byte[3] + the String's value
    assertThat(c.roots).isGreaterThanOrEqualTo(1);
  }

  @Test
  void fourByteIdsAndVersion101AndManySegmentsReadTheSame() throws IOException {
    Counter a = read(write("a.hprof", smallHeap(HeapDumpBuilder.create()).toByteArray()));
    Counter b =
        read(
            write(
                "b.hprof",
                smallHeap(
                        HeapDumpBuilder.create()
                            .idSize(4)
                            .version("JAVA PROFILE 1.0.1")
                            .objectsPerSegment(3))
                    .toByteArray()));
    Counter c =
        read(
            write(
                "c.hprof", smallHeap(HeapDumpBuilder.create().useHeapDumpRecords()).toByteArray()));
    assertThat(b.instances).isEqualTo(a.instances);
    assertThat(b.primitiveArrays).isEqualTo(a.primitiveArrays);
    assertThat(c.instances).isEqualTo(a.instances);
    try (HprofFile f = HprofFile.open(dir.resolve("b.hprof"))) {
      assertThat(f.header().idSize()).isEqualTo(4);
      assertThat(f.header().format()).isEqualTo("JAVA PROFILE 1.0.1");
    }
  }

  @Test
  void chunkedGzipReadsLikeThePlainFileAndSupportsRandomAccess() throws IOException {
    HeapDumpBuilder b = smallHeap(HeapDumpBuilder.create());
    Path plain = write("p.hprof", b.toByteArray());
    Path gz = dir.resolve("p.hprof.gz");
    b.writeGzipTo(gz, 256); // tiny members: many checkpoints
    Counter p = read(plain);
    Counter g = read(gz);
    assertThat(g.instanceIds).isEqualTo(p.instanceIds);
    byte[] bytes = Files.readAllBytes(plain);
    try (HprofFile f = HprofFile.open(gz)) {
      assertThat(f.compressed()).isTrue();
      HprofReader.read(f, new HprofVisitor() {}, ProgressListener.NONE, "x");
      for (long off : new long[] {bytes.length - 17, 5, 700, 300, 1}) {
        try (RecordInput in = f.open(off, 64)) {
          assertThat(in.u1()).as("byte at %d", off).isEqualTo(bytes[(int) off] & 0xff);
        }
      }
    }
  }

  /** Reads {@code n} bytes at {@code off} through a reader of its own, as the analysis does. */
  private static byte[] readAt(HprofFile f, long off, int n) throws IOException {
    byte[] got = new byte[n];
    try (RecordInput in = f.open(off, 64)) {
      in.readFully(got, 0, n);
    }
    return got;
  }

  @Test
  void randomReadsOfAChunkedGzipDumpMatchThePlainBytesBeforeAndAfterAPass() throws IOException {
    HeapDumpBuilder b = smallHeap(HeapDumpBuilder.create());
    byte[] bytes = b.toByteArray();
    Path gz = dir.resolve("r.hprof.gz");
    b.writeGzipTo(gz, 100); // tiny members: most reads span several
    Random random = new Random(11);
    try (HprofFile f = HprofFile.open(gz)) {
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 400; i++) {
          int off = random.nextInt(bytes.length);
          int n = 1 + random.nextInt(Math.min(600, bytes.length - off));
          assertThat(readAt(f, off, n))
              .as("round %d: %d bytes at %d", round, n, off)
              .isEqualTo(Arrays.copyOfRange(bytes, off, off + n));
        }
        HprofReader.read(f, new HprofVisitor() {}, ProgressListener.NONE, "x"); // all members known
      }
      try (RecordInput in = f.open(bytes.length - 3, 64)) {
        in.readFully(new byte[3], 0, 3);
        assertThat(in.atEnd()).isTrue();
      }
    }
  }

  @Test
  void seekableSaysWhetherAReadFromTheMiddleInflatesFromTheStart() throws IOException {
    HeapDumpBuilder b = smallHeap(HeapDumpBuilder.create());
    byte[] bytes = b.toByteArray();
    Path plain = write("s.hprof", bytes);
    Path chunked = dir.resolve("s.hprof.gz");
    b.writeGzipTo(chunked, 100);
    Path single = dir.resolve("s1.hprof.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(single))) {
      out.write(bytes);
    }
    try (HprofFile f = HprofFile.open(plain)) {
      assertThat(f.seekable()).isTrue();
    }
    try (HprofFile f = HprofFile.open(chunked)) {
      assertThat(f.seekable()).as("jcmd's chunks").isTrue();
    }
    try (HprofFile f = HprofFile.open(single)) {
      assertThat(f.seekable()).as("one member, before a pass").isFalse();
      HprofReader.read(f, new HprofVisitor() {}, ProgressListener.NONE, "x");
      assertThat(f.seekable()).as("spooled by the pass").isTrue();
      assertThat(readAt(f, bytes.length / 2, 50))
          .isEqualTo(Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length / 2 + 50));
      // a second pass reads the spool (plain, on the pass's own thread): every byte, in order
      byte[] again = new byte[bytes.length];
      try (RecordInput in = f.openPass(0, 64)) {
        in.readFully(again, 0, again.length);
        assertThat(catchThrowable(() -> in.readFully(new byte[1], 0, 1)))
            .as("nothing after the dump's end")
            .isNotNull();
      }
      assertThat(again).isEqualTo(bytes);
    }
  }

  /**
   * A gzip dump's first pass does not know the dump's length: its progress is the compressed bytes
   * read of the file's size, so that it still has a share done and a time left. A plain dump's is
   * its bytes of its length.
   */
  @Test
  void progressOfAPassWhoseLengthIsUnknownIsTheShareOfTheFileRead() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    for (int i = 0; i < 6; i++) {
      byte[] big = new byte[16 << 20];
      for (int k = 0; k < big.length; k++) {
        big[k] = (byte) ((k * 31) ^ (k >>> 9) ^ i);
      }
      b.primitiveArray(big);
    }
    byte[] bytes = b.toByteArray();
    Path plain = write("big.hprof", bytes);
    Path chunked = dir.resolve("big.hprof.gz");
    b.writeGzipTo(chunked, 1 << 20);
    Path single = dir.resolve("big1.hprof.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(single))) {
      out.write(bytes);
    }
    for (Path p : List.of(plain, chunked, single)) {
      List<long[]> updates = new ArrayList<>();
      try (HprofFile f = HprofFile.openForOnePass(p)) {
        HprofReader.read(
            f,
            new HprofVisitor() {},
            (phase, done, total) -> updates.add(new long[] {done, total}),
            "x");
      }
      assertSteadyProgress(p, updates);
      // the pass that looks for a cut before a lenient read, in its own phase
      List<long[]> checking = new ArrayList<>();
      try (HprofFile f =
          HprofFile.open(
              p,
              true,
              (phase, done, total) -> {
                assertThat(phase).isEqualTo(HprofReader.CHECKING_PHASE);
                checking.add(new long[] {done, total});
              })) {
        assertThat(f.truncation()).isEmpty();
      }
      assertSteadyProgress(p, checking);
    }
    // a cut dump, what the lenient pass is for: the pass ends with 1 of 1 there too
    Path cut = write("cut.hprof", Arrays.copyOf(bytes, bytes.length * 3 / 4));
    List<long[]> checking = new ArrayList<>();
    try (HprofFile f =
        HprofFile.open(cut, true, (phase, done, total) -> checking.add(new long[] {done, total}))) {
      assertThat(f.truncation()).isPresent();
    }
    assertThat(checking.subList(0, checking.size() - 1))
        .as("updates before the end")
        .hasSizeGreaterThan(1)
        .allSatisfy(u -> assertThat(u[1]).isEqualTo(bytes.length * 3 / 4));
    assertThat(checking.get(checking.size() - 1)).containsExactly(1, 1);
  }

  /**
   * Progress of a whole pass over {@code p}: several updates of the file's size as total, the done
   * never going back and past half before the end, then 1 of 1.
   */
  private static void assertSteadyProgress(Path p, List<long[]> updates) throws IOException {
    long expectedTotal = Files.size(p);
    List<long[]> during = updates.subList(0, updates.size() - 1);
    assertThat(during).as("%s: updates before the end", p.getFileName()).hasSizeGreaterThan(2);
    long last = -1;
    for (long[] u : during) {
      assertThat(u[1]).as("%s: total", p.getFileName()).isEqualTo(expectedTotal);
      assertThat(u[0]).as("%s: done", p.getFileName()).isBetween(last, expectedTotal);
      last = u[0];
    }
    assertThat(last)
        .as("%s: the last share before the end", p.getFileName())
        .isGreaterThan(expectedTotal / 2);
    assertThat(updates.get(updates.size() - 1)).containsExactly(1, 1);
  }

  @Test
  void aRandomReadIntoACutGzipMemberGetsTheBytesBeforeTheCutThenTheSameError() throws IOException {
    HeapDumpBuilder b = smallHeap(HeapDumpBuilder.create());
    byte[] bytes = b.toByteArray();
    Path gz = dir.resolve("full.hprof.gz");
    b.writeGzipTo(gz, 100);
    byte[] compressed = Files.readAllBytes(gz);
    Path cut = write("cut.hprof.gz", Arrays.copyOf(compressed, compressed.length * 2 / 3));
    // how far a sequential read of the cut file gets, and its error: the reference
    long reached;
    Throwable sequential;
    try (HprofFile f = HprofFile.open(cut);
        RecordInput in = f.openPass(0, 64)) {
      sequential = catchThrowable(() -> in.skip(bytes.length));
      reached = in.position();
    }
    assertThat(sequential).isInstanceOf(HprofFormatException.class);
    try (HprofFile f = HprofFile.open(cut)) {
      for (long off : new long[] {0, reached / 2, Math.max(0, reached - 150)}) {
        int n = (int) (bytes.length - off);
        byte[] got = new byte[n];
        Throwable random;
        long at;
        try (RecordInput in = f.open(off, 64)) {
          random = catchThrowable(() -> in.readFully(got, 0, n));
          at = in.position();
        }
        assertThat(random)
            .as("from %d", off)
            .isInstanceOf(HprofFormatException.class)
            .hasMessage(sequential.getMessage());
        assertThat(Arrays.copyOfRange(got, 0, (int) (reached - off)))
            .isEqualTo(Arrays.copyOfRange(bytes, (int) off, (int) reached));
        assertThat(at).isLessThanOrEqualTo(reached);
      }
    }
  }

  @Test
  void emptyFileIsABadDump() throws IOException {
    Path p = write("empty.hprof", new byte[0]);
    assertThatThrownBy(() -> read(p))
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void notAnHprofFileSaysWhatItFound() throws IOException {
    Path p = write("x.hprof", "hello world, not a dump".getBytes());
    assertThatThrownBy(() -> read(p))
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("not an HPROF file")
        .hasMessageContaining("hello world");
  }

  @Test
  void truncatedRecordReportsOffsetAndTag() throws IOException {
    byte[] full = smallHeap(HeapDumpBuilder.create()).toByteArray();
    Path p = write("t.hprof", Arrays.copyOf(full, full.length - 40));
    assertThatThrownBy(() -> read(p))
        .isInstanceOf(HprofFormatException.class)
        .hasMessageMatching("(?s).*(HEAP_DUMP_SEGMENT|HEAP_DUMP_END).*0x[0-9a-f]+.*");
  }

  @Test
  void corruptedRecordLengthRunsPastEndOfFile() throws IOException {
    byte[] b = smallHeap(HeapDumpBuilder.create()).toByteArray();
    int first = headerLength(b);
    ByteBuffer.wrap(b).putInt(first + 5, 0x7fff_fff0); // length of the first record
    Path p = write("l.hprof", b);
    assertThatThrownBy(() -> read(p))
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("at 0x" + Integer.toHexString(first))
        .hasMessageContaining("runs past end of file");
  }

  @Test
  void garbageAfterAValidHeaderOnlyEverGivesAFormatException() throws IOException {
    byte[] valid = smallHeap(HeapDumpBuilder.create()).toByteArray();
    int header = headerLength(valid);
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      byte[] b;
      if (round % 2 == 0) {
        b = Arrays.copyOf(valid, header + random.nextInt(4000));
        for (int i = header; i < b.length; i++) {
          b[i] = (byte) random.nextInt();
        }
      } else {
        b = valid.clone(); // flip a few bytes of a valid dump
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          b[header + random.nextInt(b.length - header)] = (byte) random.nextInt();
        }
      }
      Path p = write("g" + round + ".hprof", b);
      Throwable t = catchThrowable(() -> read(p));
      if (t != null) {
        assertThat(t).as("round %d", round).isInstanceOf(HprofFormatException.class);
      }
    }
  }

  private static int headerLength(byte[] b) {
    int nul = 0;
    while (b[nul] != 0) {
      nul++;
    }
    return nul + 13;
  }
}
