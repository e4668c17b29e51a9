package io.leakscope.hprof;

import java.io.IOException;

/**
 * Receives the records of a dump from {@link HprofReader}, in file order. Every method has a no-op
 * default. Object callbacks get the {@link RecordInput} positioned at the record's payload; a
 * visitor may read some or all of it (never more), and the reader skips whatever is left.
 */
public interface HprofVisitor {
  /** Whether UTF8 records should be decoded and passed to {@link #utf8}. */
  default boolean wantsStrings() {
    return true;
  }

  default void utf8(long id, String text) throws IOException {}

  default void loadClass(int classSerial, long classId, int stackTraceSerial, long nameId)
      throws IOException {}

  default void stackFrame(
      long frameId,
      long methodNameId,
      long signatureId,
      long sourceFileId,
      int classSerial,
      int line)
      throws IOException {}

  default void stackTrace(int serial, int threadSerial, long[] frameIds) throws IOException {}

  /**
   * A GC root sub-record.
   *
   * @param kind the sub-record tag ({@link HprofTag#ROOT_JAVA_FRAME} etc.)
   * @param threadSerial thread serial for thread-related roots, else 0
   * @param frame frame number for frame roots, else -1; for ROOT_THREAD_OBJECT the stack trace
   *     serial
   */
  default void gcRoot(int kind, long objectId, int threadSerial, int frame) throws IOException {}

  default void classDump(ClassDump dump, long offset) throws IOException {}

  /**
   * @param offset offset of the sub-record's tag byte
   * @param in positioned at the {@code fieldBytes} bytes of field values
   */
  default void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes)
      throws IOException {}

  /**
   * @param in positioned at the {@code length} element ids
   */
  default void objectArrayDump(long id, long arrayClassId, int length, long offset, RecordInput in)
      throws IOException {}

  /**
   * @param in positioned at the element bytes
   */
  default void primitiveArrayDump(long id, int type, int length, long offset, RecordInput in)
      throws IOException {}

  /**
   * Android's PRIMITIVE_ARRAY_NODATA: an array whose elements the dump leaves out, so {@code in}
   * has none to read. By default passed on to {@link #primitiveArrayDump}, which must then read
   * nothing.
   */
  default void primitiveArrayWithoutData(long id, int type, int length, long offset, RecordInput in)
      throws IOException {
    primitiveArrayDump(id, type, length, offset, in);
  }
}
