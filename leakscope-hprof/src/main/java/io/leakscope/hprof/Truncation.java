package io.leakscope.hprof;

/**
 * Where a truncated dump (cut off by a full disk, or a process killed while dumping) ends, and how
 * much of it is usable. Offsets are in the uncompressed dump.
 *
 * @param dumpEnd where the readable bytes end
 * @param usableEnd where the last complete record or heap sub-record ends; everything before it is
 *     read, the bytes from here to {@code dumpEnd} are a partial record and are ignored
 * @param cutRecordOffset offset of the record the cut falls in
 * @param cutRecord name of that record ({@code HEAP_DUMP_SEGMENT}, {@code UTF8}, ..., or {@code
 *     "record header"} when the cut falls inside the 9-byte header of a record)
 * @param cutRecordEnd where that record should end by its length, or -1 if its header is cut
 * @param lastCompleteRecordOffset offset of the last complete top-level record, or -1 if none is
 */
public record Truncation(
    long dumpEnd,
    long usableEnd,
    long cutRecordOffset,
    String cutRecord,
    long cutRecordEnd,
    long lastCompleteRecordOffset) {

  /**
   * Bytes of the cut record that are missing (at least: records after it are missing too), or -1.
   */
  public long missingBytes() {
    return cutRecordEnd < 0 ? -1 : cutRecordEnd - dumpEnd;
  }
}
