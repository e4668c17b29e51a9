package io.leakscope.testing.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.hprof.HprofTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HprofWriterTest {

  @Test
  void headerHoldsVersionNulIdSizeAndTimestamp() throws IOException {
    for (String version :
        List.of(HprofWriter.VERSION_1_0_1, HprofWriter.VERSION_1_0_2, HprofWriter.VERSION_1_0_3)) {
      for (int idSize : new int[] {4, 8}) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HprofWriter.open(out, version, idSize, 0x1234_5678_9AL).close();
        Cursor in = new Cursor(out.toByteArray(), idSize);
        assertThat(new String(in.bytes(18), StandardCharsets.ISO_8859_1)).isEqualTo(version);
        assertThat(in.u1()).isZero();
        assertThat(in.u4()).isEqualTo(idSize);
        assertThat(in.u8()).isEqualTo(0x1234_5678_9AL);
        assertThat(in.remaining()).isZero();
      }
    }
  }

  @Test
  void topLevelRecordsHaveTagZeroTimeAndExactBodies() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.writeUtf8(0x10, "héllo");
      w.writeLoadClass(7, 0x7_0000_0000L, 1, 0x10);
      w.writeStackFrame(0x20, 0x21, 0x22, 0x23, 7, 42);
      w.writeStackTrace(3, 5, 0x20, 0x30);
      w.writeStartThread(5, 0x7_0000_0100L, 3, 0x40, 0x41, 0x42);
    }
    Dump dump = Dump.parse(out.toByteArray());
    assertThat(dump.records).extracting(Rec::tag).containsExactly(0x01, 0x02, 0x04, 0x05, 0x0A);
    assertThat(dump.records).allSatisfy(r -> assertThat(r.time()).isZero());
    assertThat(dump.utf8).containsEntry(0x10L, "héllo");

    Cursor load = dump.records.get(1).body(8);
    assertThat(load.u4()).isEqualTo(7);
    assertThat(load.id()).isEqualTo(0x7_0000_0000L);
    assertThat(load.u4()).isEqualTo(1);
    assertThat(load.id()).isEqualTo(0x10);
    assertThat(load.remaining()).isZero();

    Cursor frame = dump.records.get(2).body(8);
    assertThat(new long[] {frame.id(), frame.id(), frame.id(), frame.id()})
        .containsExactly(0x20, 0x21, 0x22, 0x23);
    assertThat(new int[] {frame.u4(), frame.u4(), frame.remaining()}).containsExactly(7, 42, 0);

    Cursor trace = dump.records.get(3).body(8);
    assertThat(new int[] {trace.u4(), trace.u4(), trace.u4()}).containsExactly(3, 5, 2);
    assertThat(new long[] {trace.id(), trace.id()}).containsExactly(0x20, 0x30);
    assertThat(trace.remaining()).isZero();

    assertThat(dump.records.get(4).body).hasSize(4 + 8 + 4 + 3 * 8);
  }

  @Test
  void fourByteIdsKeepTheLow32Bits() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 4, 0)) {
      w.writeLoadClass(1, 0xAB_1234_5678L, 1, 0x99);
    }
    Dump dump = Dump.parse(out.toByteArray());
    assertThat(dump.idSize).isEqualTo(4);
    Cursor load = dump.records.get(0).body(4);
    assertThat(dump.records.get(0).body).hasSize(4 + 4 + 4 + 4);
    load.u4();
    assertThat(load.id()).isEqualTo(0x1234_5678L);
  }

  @Test
  void heapDumpSegmentIsLengthPrefixedAndFollowedByHeapDumpEnd() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.beginHeapDump(true);
      w.writeRootUnknown(0x100);
      w.writeInstanceDump(0x100, 1, 0x200, new byte[] {1, 2, 3});
      w.endHeapDump();
    }
    Dump dump = Dump.parse(out.toByteArray());
    assertThat(dump.records).extracting(Rec::tag).containsExactly(0x1C, 0x2C);
    assertThat(dump.records.get(0).body).hasSize((1 + 8) + (1 + 8 + 4 + 8 + 4 + 3));
    assertThat(dump.records.get(1).body).isEmpty();
    assertThat(dump.subs).extracting(Sub::tag).containsExactly(0xFF, 0x21);
    Cursor instance = dump.subs.get(1).rest();
    assertThat(instance.u4()).isEqualTo(1);
    assertThat(instance.id()).isEqualTo(0x200);
    assertThat(instance.u4()).isEqualTo(3);
    assertThat(instance.bytes(3)).containsExactly(1, 2, 3);
  }

  @Test
  void segmentLimitStartsNewSegmentsWithoutSplittingSubRecords() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.segmentLimit(40);
      w.beginHeapDump(true);
      for (int i = 1; i <= 10; i++) {
        w.writeRootJavaFrame(i, 1, i); // 17 bytes each
      }
      w.endHeapDump();
    }
    Dump dump = Dump.parse(out.toByteArray());
    List<Rec> segments = dump.records.stream().filter(r -> r.tag() == 0x1C).toList();
    assertThat(segments).hasSize(4);
    assertThat(segments).extracting(r -> r.body.length).containsExactly(51, 51, 51, 17);
    assertThat(dump.records.get(dump.records.size() - 1).tag()).isEqualTo(0x2C);
    assertThat(dump.subs)
        .extracting(Sub::id)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void topLevelRecordEndsTheOpenSegmentAndTheDumpContinuesInANewOne() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.beginHeapDump(true);
      w.writeRootMonitorUsed(1);
      w.writeUtf8(5, "x");
      w.writeRootMonitorUsed(2);
      w.endSegment();
      w.endSegment();
      w.writeRootMonitorUsed(3);
    }
    Dump dump = Dump.parse(out.toByteArray());
    assertThat(dump.records).extracting(Rec::tag).containsExactly(0x1C, 0x01, 0x1C, 0x1C, 0x2C);
  }

  @Test
  void heapDumpRecordsEndWithoutHeapDumpEnd() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_1, 8, 0)) {
      w.beginHeapDump(false);
      w.writeRootStickyClass(1);
      w.endHeapDump();
    }
    assertThat(Dump.parse(out.toByteArray()).records).extracting(Rec::tag).containsExactly(0x0C);
  }

  @Test
  void emptyHeapDumpStillWritesOneRecord() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.beginHeapDump(true);
    }
    Dump dump = Dump.parse(out.toByteArray());
    assertThat(dump.records).extracting(Rec::tag).containsExactly(0x1C, 0x2C);
    assertThat(dump.records.get(0).body).isEmpty();
  }

  @Test
  void everyRootKindHasItsHprofLayout() throws IOException {
    for (int idSize : new int[] {4, 8}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, idSize, 0)) {
        w.beginHeapDump(true);
        w.writeRootUnknown(1);
        w.writeRootJniGlobal(2, 0x77);
        w.writeRootJniLocal(3, 4, 5);
        w.writeRootJavaFrame(4, 6, 7);
        w.writeRootNativeStack(5, 8);
        w.writeRootStickyClass(6);
        w.writeRootThreadBlock(7, 9);
        w.writeRootMonitorUsed(8);
        w.writeRootThreadObject(9, 10, 11);
      }
      Dump dump = Dump.parse(out.toByteArray());
      assertThat(dump.subs)
          .extracting(Sub::tag)
          .containsExactly(0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08);
      assertThat(dump.subs).extracting(Sub::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      assertThat(dump.subs.get(1).rest().id()).isEqualTo(0x77);
      assertThat(ints(dump.subs.get(2).rest(), 2)).containsExactly(4, 5);
      assertThat(ints(dump.subs.get(3).rest(), 2)).containsExactly(6, 7);
      assertThat(ints(dump.subs.get(4).rest(), 1)).containsExactly(8);
      assertThat(ints(dump.subs.get(6).rest(), 1)).containsExactly(9);
      assertThat(ints(dump.subs.get(8).rest(), 2)).containsExactly(10, 11);
      assertThat(dump.records.get(0).body.length).isEqualTo(9 + 9 * idSize + idSize + 8 * 4);
    }
  }

  @Test
  void classDumpHasEmptyConstantPoolStaticsAndFieldDescriptors() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.beginHeapDump(true);
      w.writeClassDump(
          0x500,
          1,
          0x400,
          0x300,
          12,
          List.of(
              new HprofWriter.StaticField(0x10, HprofTag.TYPE_OBJECT, 0x600),
              new HprofWriter.StaticField(0x11, HprofTag.TYPE_SHORT, -2),
              new HprofWriter.StaticField(0x12, HprofTag.TYPE_DOUBLE, HprofWriter.rawBits(1.5))),
          List.of(
              new HprofWriter.FieldDescriptor(0x13, HprofTag.TYPE_INT),
              new HprofWriter.FieldDescriptor(0x14, HprofTag.TYPE_OBJECT)));
    }
    Sub sub = Dump.parse(out.toByteArray()).subs.get(0);
    assertThat(sub.tag()).isEqualTo(HprofTag.CLASS_DUMP);
    assertThat(sub.id()).isEqualTo(0x500);
    Cursor c = sub.rest();
    assertThat(c.u4()).isEqualTo(1);
    assertThat(new long[] {c.id(), c.id(), c.id(), c.id(), c.id(), c.id()})
        .containsExactly(0x400, 0x300, 0, 0, 0, 0);
    assertThat(c.u4()).isEqualTo(12);
    assertThat(c.u2()).isZero();
    assertThat(c.u2()).isEqualTo(3);
    assertThat(new long[] {c.id(), c.u1(), c.id()}).containsExactly(0x10, 2, 0x600);
    assertThat(new long[] {c.id(), c.u1(), (short) c.u2()}).containsExactly(0x11, 9, -2);
    assertThat(new long[] {c.id(), c.u1()}).containsExactly(0x12, 7);
    assertThat(Double.longBitsToDouble(c.u8())).isEqualTo(1.5);
    assertThat(c.u2()).isEqualTo(2);
    assertThat(new long[] {c.id(), c.u1(), c.id(), c.u1()}).containsExactly(0x13, 10, 0x14, 2);
    assertThat(c.remaining()).isZero();
  }

  @Test
  void primitiveArraysOfEveryTypeAreBigEndian() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.beginHeapDump(true);
      w.writePrimitiveArrayDump(1, 1, new boolean[] {true, false});
      w.writePrimitiveArrayDump(2, 1, new char[] {'A', '\u20ac'});
      w.writePrimitiveArrayDump(3, 1, new float[] {1.0f});
      w.writePrimitiveArrayDump(4, 1, new double[] {-2.0});
      w.writePrimitiveArrayDump(5, 1, new byte[] {-1, 7});
      w.writePrimitiveArrayDump(6, 1, new short[] {0x0102});
      w.writePrimitiveArrayDump(7, 1, new int[] {0x01020304});
      w.writePrimitiveArrayDump(8, 1, new long[] {0x0102030405060708L});
      w.writeObjectArrayDump(9, 1, 0x90, 0xA0, 0, 0xB0);
    }
    Dump dump = Dump.parse(out.toByteArray());
    assertThat(dump.subs).hasSize(9);
    assertThat(primitiveElements(dump.subs.get(0))).containsExactly(1, 0);
    assertThat(primitiveElements(dump.subs.get(1))).containsExactly(0, 'A', 0x20, 0xAC);
    assertThat(primitiveElements(dump.subs.get(2))).containsExactly(0x3F, 0x80, 0, 0);
    assertThat(primitiveElements(dump.subs.get(3))).containsExactly(0xC0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(primitiveElements(dump.subs.get(4))).containsExactly(0xFF, 7);
    assertThat(primitiveElements(dump.subs.get(5))).containsExactly(1, 2);
    assertThat(primitiveElements(dump.subs.get(6))).containsExactly(1, 2, 3, 4);
    assertThat(primitiveElements(dump.subs.get(7))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(dump.subs.subList(0, 8))
        .extracting(s -> s.rest().skip(8).u1())
        .containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
    Cursor objects = dump.subs.get(8).rest();
    assertThat(new long[] {objects.u4(), objects.u4(), objects.id()}).containsExactly(1, 3, 0x90);
    assertThat(new long[] {objects.id(), objects.id(), objects.id()})
        .containsExactly(0xA0, 0, 0xB0);
  }

  @Test
  void rawRecordsMayDeclareAnyLength() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0)) {
      w.writeRawRecord(0x42, 9, 1000, new byte[] {1, 2});
    }
    Cursor in = new Cursor(out.toByteArray(), 8);
    in.skip(19 + 4 + 8);
    assertThat(new long[] {in.u1(), in.u4(), in.u4()}).containsExactly(0x42, 9, 1000);
    assertThat(in.bytes(2)).containsExactly(1, 2);
    assertThat(in.remaining()).isZero();
  }

  @Test
  void misuseIsRejectedWithTheKnobNamed() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idSize: 2");
    HprofWriter w = HprofWriter.open(out, HprofWriter.VERSION_1_0_2, 8, 0);
    assertThatThrownBy(() -> w.writeRootUnknown(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("beginHeapDump");
    assertThatThrownBy(() -> w.segmentLimit(0)).hasMessageContaining("segmentLimit: 0");
  }

  private static int[] ints(Cursor c, int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = c.u4();
    }
    return values;
  }

  private static int[] primitiveElements(Sub sub) {
    Cursor c = sub.rest();
    c.u4();
    int length = c.u4();
    int type = c.u1();
    int bytes = length * HprofTag.valueSize(type, 8);
    int[] values = new int[bytes];
    for (int i = 0; i < bytes; i++) {
      values[i] = c.u1();
    }
    assertThat(c.remaining()).isZero();
    return values;
  }

  // ---- structural walk used by both writer tests (not a reader: just enough to check bytes) ----

  /** A top-level record. */
  record Rec(int tag, int time, byte[] body) {
    Cursor body(int idSize) {
      return new Cursor(body, idSize);
    }
  }

  /** A heap-dump sub-record: its tag, first id, and the bytes after that id. */
  record Sub(int tag, long id, byte[] after, int idSize) {
    Cursor rest() {
      return new Cursor(after, idSize);
    }
  }

  /** A dump split into header fields, top-level records, heap sub-records and UTF8 strings. */
  static final class Dump {
    String version;
    int idSize;
    long timestamp;
    final List<Rec> records = new ArrayList<>();
    final List<Sub> subs = new ArrayList<>();
    final Map<Long, String> utf8 = new HashMap<>();

    static Dump parse(byte[] bytes) {
      Dump dump = new Dump();
      int nul = 0;
      while (bytes[nul] != 0) {
        nul++;
      }
      dump.version = new String(bytes, 0, nul, StandardCharsets.ISO_8859_1);
      Cursor in = new Cursor(bytes, 8);
      in.skip(nul + 1);
      dump.idSize = in.u4();
      dump.timestamp = in.u8();
      while (in.remaining() > 0) {
        int tag = in.u1();
        int time = in.u4();
        int length = in.u4();
        assertThat(length).as("record 0x%02X length", tag).isLessThanOrEqualTo(in.remaining());
        Rec rec = new Rec(tag, time, in.bytes(length));
        dump.records.add(rec);
        if (tag == HprofTag.UTF8) {
          Cursor c = rec.body(dump.idSize);
          long id = c.id();
          dump.utf8.put(id, new String(c.bytes(c.remaining()), StandardCharsets.UTF_8));
        } else if (tag == HprofTag.HEAP_DUMP || tag == HprofTag.HEAP_DUMP_SEGMENT) {
          splitSubRecords(rec.body(), dump.idSize, dump.subs);
        }
      }
      return dump;
    }

    /** The instance or array sub-record with the given id. */
    Sub object(long id) {
      return subs.stream()
          .filter(s -> s.id() == id && s.tag() >= HprofTag.INSTANCE_DUMP)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no object 0x" + Long.toHexString(id)));
    }

    List<Sub> subs(int tag) {
      return subs.stream().filter(s -> s.tag() == tag).toList();
    }

    List<Rec> records(int tag) {
      return records.stream().filter(r -> r.tag() == tag).toList();
    }

    private static void splitSubRecords(byte[] body, int idSize, List<Sub> out) {
      Cursor in = new Cursor(body, idSize);
      while (in.remaining() > 0) {
        int tag = in.u1();
        long id = in.id();
        int start = in.position();
        switch (tag) {
          case HprofTag.ROOT_UNKNOWN, HprofTag.ROOT_STICKY_CLASS, HprofTag.ROOT_MONITOR_USED -> {}
          case HprofTag.ROOT_JNI_GLOBAL -> in.id();
          case HprofTag.ROOT_NATIVE_STACK, HprofTag.ROOT_THREAD_BLOCK -> in.u4();
          case HprofTag.ROOT_JNI_LOCAL, HprofTag.ROOT_JAVA_FRAME, HprofTag.ROOT_THREAD_OBJECT ->
              in.skip(8);
          case HprofTag.CLASS_DUMP -> skipClassDump(in, idSize);
          case HprofTag.INSTANCE_DUMP -> {
            in.skip(4 + idSize);
            in.skip(in.u4());
          }
          case HprofTag.OBJ_ARRAY_DUMP -> {
            in.u4();
            int length = in.u4();
            in.skip(idSize + (long) length * idSize);
          }
          case HprofTag.PRIM_ARRAY_DUMP -> {
            in.u4();
            int length = in.u4();
            int type = in.u1();
            in.skip((long) length * HprofTag.valueSize(type, idSize));
          }
          default ->
              throw new AssertionError("unexpected sub-record 0x" + Integer.toHexString(tag));
        }
        out.add(new Sub(tag, id, Arrays.copyOfRange(body, start, in.position()), idSize));
      }
    }

    private static void skipClassDump(Cursor in, int idSize) {
      in.skip(4 + 6L * idSize + 4);
      int constants = in.u2();
      for (int i = 0; i < constants; i++) {
        in.u2();
        in.skip(HprofTag.valueSize(in.u1(), idSize));
      }
      int statics = in.u2();
      for (int i = 0; i < statics; i++) {
        in.id();
        in.skip(HprofTag.valueSize(in.u1(), idSize));
      }
      in.skip(in.u2() * (idSize + 1L));
    }
  }

  /** Big-endian reads over a byte array, failing the test on truncation. */
  static final class Cursor {
    private final byte[] bytes;
    private final DataInputStream in;
    private final int idSize;

    Cursor(byte[] bytes, int idSize) {
      this.bytes = bytes;
      this.in = new DataInputStream(new ByteArrayInputStream(bytes));
      this.idSize = idSize;
    }

    int position() {
      return bytes.length - remaining();
    }

    int remaining() {
      try {
        return in.available();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    Cursor skip(long n) {
      assertThat(n).as("skip").isLessThanOrEqualTo(remaining());
      bytes((int) n);
      return this;
    }

    int u1() {
      try {
        return in.readUnsignedByte();
      } catch (IOException e) {
        throw new AssertionError("truncated", e);
      }
    }

    int u2() {
      try {
        return in.readUnsignedShort();
      } catch (IOException e) {
        throw new AssertionError("truncated", e);
      }
    }

    int u4() {
      try {
        return in.readInt();
      } catch (IOException e) {
        throw new AssertionError("truncated", e);
      }
    }

    long u8() {
      try {
        return in.readLong();
      } catch (IOException e) {
        throw new AssertionError("truncated", e);
      }
    }

    long id() {
      return idSize == 8 ? u8() : u4() & 0xFFFF_FFFFL;
    }

    byte[] bytes(int n) {
      try {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
      } catch (IOException e) {
        throw new AssertionError("truncated", e);
      }
    }
  }
}
