package io.leakscope.testing.hprof;

import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.internal.RecordBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Streaming writer of the HPROF binary format: header, top-level records and heap-dump sub-records,
 * all multi-byte values big-endian, identifiers in the dump's id size (with 4-byte ids only the low
 * 32 bits of a value are written).
 *
 * <p>Heap-dump sub-records go into the currently open heap dump ({@link #beginHeapDump(boolean)}).
 * Because a {@code HEAP_DUMP}/{@code HEAP_DUMP_SEGMENT} record starts with its u4 length, the open
 * record's body is buffered in memory and written when it is ended: explicitly by {@link
 * #endSegment()}, automatically once it reaches {@link #segmentLimit()} bytes (a sub-record is
 * never split, so a segment may exceed the limit by one sub-record), before any top-level record,
 * and by {@link #endHeapDump()}. Further sub-records then go into a new record of the same tag.
 *
 * <p>The writer does not validate references between records: tests use it to build inconsistent
 * and hostile dumps on purpose ({@link #writeRecord}, {@link #writeRawRecord}, {@link
 * #writeHeapBytes}, {@link #writeRawBytes}). Each record reaches the output stream in a few large
 * writes; the stream is not buffered further. Not thread-safe.
 */
public final class HprofWriter implements Closeable {
  public static final String VERSION_1_0_1 = "JAVA PROFILE 1.0.1";
  public static final String VERSION_1_0_2 = "JAVA PROFILE 1.0.2";
  public static final String VERSION_1_0_3 = "JAVA PROFILE 1.0.3";

  /** Default {@link #segmentLimit()}: 1 MiB of sub-records per heap-dump record. */
  public static final int DEFAULT_SEGMENT_LIMIT = 1 << 20;

  /**
   * A static field of a {@code CLASS_DUMP}: {@code value} holds the raw bits, see {@link #rawBits}.
   */
  public record StaticField(long nameId, int type, long value) {}

  /** An instance field descriptor of a {@code CLASS_DUMP}. */
  public record FieldDescriptor(long nameId, int type) {}

  private final OutputStream out;
  private final int idSize;
  private final RecordBuffer body;
  private final RecordBuffer segment;
  private final byte[] recordHeader = new byte[9];
  private int segmentLimit = DEFAULT_SEGMENT_LIMIT;
  private int heapDumpTag; // 0 when no heap dump is open
  private boolean segmentWrittenInDump;

  private HprofWriter(OutputStream out, int idSize) {
    this.out = out;
    this.idSize = idSize;
    this.body = new RecordBuffer(idSize, 256);
    this.segment = new RecordBuffer(idSize, 4096);
  }

  /**
   * Writes the file header and returns a writer positioned at the first record.
   *
   * @param out receives the dump; closed by {@link #close()}
   * @param version header string without the NUL, normally one of the {@code VERSION_*} constants
   * @param idSize identifier size, 4 or 8
   * @param timestampMillis the header's u8 timestamp (milliseconds since the epoch)
   * @throws IllegalArgumentException for an id size other than 4 or 8, or a version containing NUL
   * @throws IOException if writing fails
   */
  public static HprofWriter open(OutputStream out, String version, int idSize, long timestampMillis)
      throws IOException {
    Objects.requireNonNull(out, "out");
    if (version.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("version must not contain NUL: " + version);
    }
    if (idSize != 4 && idSize != 8) {
      throw new IllegalArgumentException("idSize: " + idSize + " (expected: 4 or 8)");
    }
    HprofWriter writer = new HprofWriter(out, idSize);
    RecordBuffer header = new RecordBuffer(idSize, 32);
    header.bytes(version.getBytes(StandardCharsets.ISO_8859_1)).u1(0).u4(idSize);
    header.u8(timestampMillis);
    header.writeTo(out);
    return writer;
  }

  public int idSize() {
    return idSize;
  }

  /** Body size in bytes at which an open heap-dump record is written and a new one started. */
  public int segmentLimit() {
    return segmentLimit;
  }

  /**
   * @param bytes 1 or more; takes effect with the next sub-record
   * @return this writer
   */
  public HprofWriter segmentLimit(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("segmentLimit: " + bytes + " (expected: 1+)");
    }
    this.segmentLimit = bytes;
    return this;
  }

  /**
   * Raw bits of a primitive or reference value as {@link StaticField#value()} expects them: the
   * value's own bits for integral types, {@code floatToRawIntBits}/{@code doubleToRawLongBits} for
   * floating point, 1/0 for booleans, the id for references.
   */
  public static long rawBits(float value) {
    return Float.floatToRawIntBits(value) & 0xFFFF_FFFFL;
  }

  /** See {@link #rawBits(float)}. */
  public static long rawBits(double value) {
    return Double.doubleToRawLongBits(value);
  }

  // ---- top-level records ----

  /** UTF8 record holding {@code text} encoded as UTF-8. */
  public void writeUtf8(long id, String text) throws IOException {
    writeUtf8(id, text.getBytes(StandardCharsets.UTF_8));
  }

  /** UTF8 record holding the given bytes unchanged (e.g. modified UTF-8 or invalid sequences). */
  public void writeUtf8(long id, byte[] utf8) throws IOException {
    body.reset();
    body.id(id).bytes(utf8);
    flushRecord(HprofTag.UTF8);
  }

  public void writeLoadClass(int classSerial, long classObjectId, int stackTraceSerial, long nameId)
      throws IOException {
    body.reset();
    body.u4(classSerial).id(classObjectId).u4(stackTraceSerial).id(nameId);
    flushRecord(HprofTag.LOAD_CLASS);
  }

  /**
   * @param line line number: &gt;0 a line, 0 none, -1 unknown, -2 compiled method, -3 native
   */
  public void writeStackFrame(
      long frameId,
      long methodNameId,
      long signatureId,
      long sourceFileId,
      int classSerial,
      int line)
      throws IOException {
    body.reset();
    body.id(frameId).id(methodNameId).id(signatureId).id(sourceFileId).u4(classSerial).u4(line);
    flushRecord(HprofTag.STACK_FRAME);
  }

  /** STACK_TRACE record; {@code frameIds} innermost frame first. */
  public void writeStackTrace(int serial, int threadSerial, long... frameIds) throws IOException {
    body.reset();
    body.u4(serial).u4(threadSerial).u4(frameIds.length);
    for (long frameId : frameIds) {
      body.id(frameId);
    }
    flushRecord(HprofTag.STACK_TRACE);
  }

  public void writeStartThread(
      int threadSerial,
      long threadObjectId,
      int stackTraceSerial,
      long nameId,
      long groupNameId,
      long parentGroupNameId)
      throws IOException {
    body.reset();
    body.u4(threadSerial).id(threadObjectId).u4(stackTraceSerial);
    body.id(nameId).id(groupNameId).id(parentGroupNameId);
    flushRecord(HprofTag.START_THREAD);
  }

  /** Any top-level record: tag, time offset 0, the body's true length, the body. */
  public void writeRecord(int tag, byte[] recordBody) throws IOException {
    writeRawRecord(tag, 0, recordBody.length, recordBody);
  }

  /**
   * A top-level record whose header may lie: {@code declaredLength} is written as the u4 length
   * whatever the size of {@code recordBody} (for tests of truncated or overlong records).
   */
  public void writeRawRecord(int tag, int timeOffset, int declaredLength, byte[] recordBody)
      throws IOException {
    endSegment();
    writeRecordHeader(tag, timeOffset, declaredLength);
    out.write(recordBody);
  }

  /** Bytes straight to the output, outside any record (ends an open segment first). */
  public void writeRawBytes(byte[] bytes) throws IOException {
    endSegment();
    out.write(bytes);
  }

  // ---- heap dump ----

  /**
   * Opens a heap dump; sub-records written from now on go into {@code HEAP_DUMP_SEGMENT} records if
   * {@code segmented}, else into {@code HEAP_DUMP} records.
   *
   * @throws IllegalStateException if a heap dump is already open
   */
  public void beginHeapDump(boolean segmented) {
    if (heapDumpTag != 0) {
      throw new IllegalStateException("a heap dump is already open; call endHeapDump first");
    }
    heapDumpTag = segmented ? HprofTag.HEAP_DUMP_SEGMENT : HprofTag.HEAP_DUMP;
    segmentWrittenInDump = false;
  }

  /** True between {@link #beginHeapDump} and {@link #endHeapDump}. */
  public boolean isHeapDumpOpen() {
    return heapDumpTag != 0;
  }

  /**
   * Writes the open heap-dump record if it holds any sub-record; the heap dump stays open and the
   * next sub-record starts a new record. Does nothing when no heap dump is open.
   */
  public void endSegment() throws IOException {
    if (heapDumpTag == 0 || segment.size() == 0) {
      return;
    }
    writeRecordHeader(heapDumpTag, 0, segment.size());
    segment.writeTo(out);
    segment.reset();
    segmentWrittenInDump = true;
  }

  /**
   * Writes the open heap-dump record (an empty one if the dump has none yet) and, for a segmented
   * dump, the {@code HEAP_DUMP_END} record.
   *
   * @throws IllegalStateException if no heap dump is open
   */
  public void endHeapDump() throws IOException {
    requireHeapDump();
    if (segment.size() > 0 || !segmentWrittenInDump) {
      writeRecordHeader(heapDumpTag, 0, segment.size());
      segment.writeTo(out);
      segment.reset();
    }
    if (heapDumpTag == HprofTag.HEAP_DUMP_SEGMENT) {
      writeRecordHeader(HprofTag.HEAP_DUMP_END, 0, 0);
    }
    heapDumpTag = 0;
  }

  public void writeRootUnknown(long objectId) throws IOException {
    subRecord(HprofTag.ROOT_UNKNOWN).id(objectId);
    subRecordDone();
  }

  public void writeRootJniGlobal(long objectId, long globalRefId) throws IOException {
    subRecord(HprofTag.ROOT_JNI_GLOBAL).id(objectId).id(globalRefId);
    subRecordDone();
  }

  public void writeRootJniLocal(long objectId, int threadSerial, int frameNumber)
      throws IOException {
    subRecord(HprofTag.ROOT_JNI_LOCAL).id(objectId).u4(threadSerial).u4(frameNumber);
    subRecordDone();
  }

  public void writeRootJavaFrame(long objectId, int threadSerial, int frameNumber)
      throws IOException {
    subRecord(HprofTag.ROOT_JAVA_FRAME).id(objectId).u4(threadSerial).u4(frameNumber);
    subRecordDone();
  }

  public void writeRootNativeStack(long objectId, int threadSerial) throws IOException {
    subRecord(HprofTag.ROOT_NATIVE_STACK).id(objectId).u4(threadSerial);
    subRecordDone();
  }

  public void writeRootStickyClass(long classId) throws IOException {
    subRecord(HprofTag.ROOT_STICKY_CLASS).id(classId);
    subRecordDone();
  }

  public void writeRootThreadBlock(long objectId, int threadSerial) throws IOException {
    subRecord(HprofTag.ROOT_THREAD_BLOCK).id(objectId).u4(threadSerial);
    subRecordDone();
  }

  public void writeRootMonitorUsed(long objectId) throws IOException {
    subRecord(HprofTag.ROOT_MONITOR_USED).id(objectId);
    subRecordDone();
  }

  public void writeRootThreadObject(long threadObjectId, int threadSerial, int stackTraceSerial)
      throws IOException {
    subRecord(HprofTag.ROOT_THREAD_OBJECT).id(threadObjectId).u4(threadSerial).u4(stackTraceSerial);
    subRecordDone();
  }

  /**
   * CLASS_DUMP with an empty constant pool and zero signers, protection domain and reserved ids.
   *
   * @param instanceSize the dump's instance size: bytes of all instance field values as written in
   *     INSTANCE_DUMP (references at id size), including superclasses' fields
   * @param staticFields written in order; values in the type's size (see {@link #rawBits})
   * @param instanceFields this class's own declared instance fields, in declaration order
   */
  public void writeClassDump(
      long classId,
      int stackTraceSerial,
      long superclassId,
      long classLoaderId,
      int instanceSize,
      List<StaticField> staticFields,
      List<FieldDescriptor> instanceFields)
      throws IOException {
    RecordBuffer b = subRecord(HprofTag.CLASS_DUMP);
    b.id(classId).u4(stackTraceSerial).id(superclassId).id(classLoaderId);
    b.id(0).id(0).id(0).id(0); // signers, protection domain, reserved, reserved
    b.u4(instanceSize).u2(0).u2(staticFields.size());
    for (StaticField field : staticFields) {
      b.id(field.nameId()).u1(field.type()).value(field.value(), valueSize(field.type()));
    }
    b.u2(instanceFields.size());
    for (FieldDescriptor field : instanceFields) {
      b.id(field.nameId()).u1(field.type());
    }
    subRecordDone();
  }

  /**
   * INSTANCE_DUMP with the given field bytes: the class's own fields first, then its superclass's,
   * up the chain, each big-endian in its dump size.
   */
  public void writeInstanceDump(long objectId, int stackTraceSerial, long classId, byte[] fields)
      throws IOException {
    RecordBuffer b = subRecord(HprofTag.INSTANCE_DUMP);
    b.id(objectId).u4(stackTraceSerial).id(classId).u4(fields.length).bytes(fields);
    subRecordDone();
  }

  public void writeObjectArrayDump(
      long arrayId, int stackTraceSerial, long arrayClassId, long... elementIds)
      throws IOException {
    RecordBuffer b = subRecord(HprofTag.OBJ_ARRAY_DUMP);
    b.id(arrayId).u4(stackTraceSerial).u4(elementIds.length).id(arrayClassId);
    for (long element : elementIds) {
      b.id(element);
    }
    subRecordDone();
  }

  /**
   * OBJ_ARRAY_DUMP of {@code length} elements given one at a time, streamed to the output in a
   * heap-dump record of its own instead of buffered in the open one: for arrays of millions of
   * elements in a writer of constant memory. Ends the open record first.
   *
   * @throws IllegalArgumentException if the record would pass the u4 length of a record
   */
  public void writeObjectArrayDump(
      long arrayId,
      int stackTraceSerial,
      long arrayClassId,
      int length,
      java.util.function.IntToLongFunction element)
      throws IOException {
    requireHeapDump();
    long bytes = 1 + idSize + 4 + 4 + idSize + (long) length * idSize;
    if (length < 0 || bytes > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "length: " + length + " (expected: 0+, and a record of at most 4 GiB)");
    }
    endSegment();
    writeRecordHeader(heapDumpTag, 0, (int) bytes);
    // the open record's buffer, empty now, encodes the sub-record 64 KB at a time
    segment.u1(HprofTag.OBJ_ARRAY_DUMP).id(arrayId).u4(stackTraceSerial).u4(length);
    segment.id(arrayClassId);
    for (int i = 0; i < length; i++) {
      segment.id(element.applyAsLong(i));
      if (segment.size() >= 1 << 16) {
        segment.writeTo(out);
        segment.reset();
      }
    }
    segment.writeTo(out);
    segment.reset();
    segmentWrittenInDump = true;
  }

  /**
   * PRIM_ARRAY_DUMP from already encoded elements ({@code length} elements of {@code elementType},
   * big-endian). The byte count is not checked against the length, so hostile arrays can be made.
   */
  public void writePrimitiveArrayDump(
      long arrayId, int stackTraceSerial, int elementType, int length, byte[] elements)
      throws IOException {
    RecordBuffer b = subRecord(HprofTag.PRIM_ARRAY_DUMP);
    b.id(arrayId).u4(stackTraceSerial).u4(length).u1(elementType).bytes(elements);
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, boolean[] values)
      throws IOException {
    RecordBuffer b =
        primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_BOOLEAN, values.length);
    for (boolean v : values) {
      b.u1(v ? 1 : 0);
    }
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, char[] values)
      throws IOException {
    RecordBuffer b =
        primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_CHAR, values.length);
    for (char v : values) {
      b.u2(v);
    }
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, float[] values)
      throws IOException {
    RecordBuffer b =
        primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_FLOAT, values.length);
    for (float v : values) {
      b.u4(Float.floatToRawIntBits(v));
    }
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, double[] values)
      throws IOException {
    RecordBuffer b =
        primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_DOUBLE, values.length);
    for (double v : values) {
      b.u8(Double.doubleToRawLongBits(v));
    }
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, byte[] values)
      throws IOException {
    primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_BYTE, values.length).bytes(values);
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, short[] values)
      throws IOException {
    RecordBuffer b =
        primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_SHORT, values.length);
    for (short v : values) {
      b.u2(v);
    }
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, int[] values)
      throws IOException {
    RecordBuffer b =
        primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_INT, values.length);
    for (int v : values) {
      b.u4(v);
    }
    subRecordDone();
  }

  public void writePrimitiveArrayDump(long arrayId, int stackTraceSerial, long[] values)
      throws IOException {
    RecordBuffer b =
        primitiveArrayHead(arrayId, stackTraceSerial, HprofTag.TYPE_LONG, values.length);
    for (long v : values) {
      b.u8(v);
    }
    subRecordDone();
  }

  /**
   * Appends raw bytes to the open heap-dump record, as if they were sub-records (for tests of
   * unknown or malformed sub-records). A segment never ends inside these bytes.
   */
  public void writeHeapBytes(byte[] bytes) throws IOException {
    requireHeapDump();
    segment.bytes(bytes);
    subRecordDone();
  }

  /** Flushes the output stream; an open heap-dump record stays buffered. */
  public void flush() throws IOException {
    out.flush();
  }

  /** Ends an open heap dump ({@link #endHeapDump()}), then closes the output stream. */
  @Override
  public void close() throws IOException {
    try {
      if (heapDumpTag != 0) {
        endHeapDump();
      }
      out.flush();
    } finally {
      out.close();
    }
  }

  // ---- internals ----

  private RecordBuffer primitiveArrayHead(long id, int stackTraceSerial, int type, int length) {
    return subRecord(HprofTag.PRIM_ARRAY_DUMP).id(id).u4(stackTraceSerial).u4(length).u1(type);
  }

  private RecordBuffer subRecord(int tag) {
    requireHeapDump();
    return segment.u1(tag);
  }

  private void subRecordDone() throws IOException {
    if (segment.size() >= segmentLimit) {
      endSegment();
    }
  }

  private void requireHeapDump() {
    if (heapDumpTag == 0) {
      throw new IllegalStateException("no heap dump open; call beginHeapDump first");
    }
  }

  private int valueSize(int type) {
    int size = HprofTag.valueSize(type, idSize);
    if (size < 0) {
      throw new IllegalArgumentException("basic type: " + type + " (expected: 2, 4..11)");
    }
    return size;
  }

  private void flushRecord(int tag) throws IOException {
    endSegment();
    writeRecordHeader(tag, 0, body.size());
    body.writeTo(out);
  }

  private void writeRecordHeader(int tag, int timeOffset, int length) throws IOException {
    byte[] h = recordHeader;
    h[0] = (byte) tag;
    h[1] = (byte) (timeOffset >>> 24);
    h[2] = (byte) (timeOffset >>> 16);
    h[3] = (byte) (timeOffset >>> 8);
    h[4] = (byte) timeOffset;
    h[5] = (byte) (length >>> 24);
    h[6] = (byte) (length >>> 16);
    h[7] = (byte) (length >>> 8);
    h[8] = (byte) length;
    out.write(h);
  }
}
