package io.leakscope.analysis.report;

/**
 * What is missing from a truncated dump analyzed leniently (offsets in the uncompressed dump).
 *
 * @param atOffset where the dump's bytes end
 * @param usableEnd where its last complete record or heap sub-record ends: the analysis covers the
 *     dump up to here
 * @param cutRecord the record the cut falls in ({@code HEAP_DUMP_SEGMENT}, ...), {@code "record
 *     header"} for a cut inside a record's header, or the record that should have come next when
 *     the cut falls between records ({@code HEAP_DUMP_END}, {@code "first record"})
 * @param cutRecordOffset where that record starts
 * @param bytesMissing bytes of the cut record that are missing by its length (later records are
 *     missing too), or -1 when unknown
 * @param lastCompleteRecordOffset offset of the last complete top-level record, or -1 if none
 * @param rootsStandIn the dump lost its GC roots (the JVM writes them after every object), and the
 *     classes (their static fields) and the threads stood in for them
 */
public record DumpTruncation(
    long atOffset,
    long usableEnd,
    String cutRecord,
    long cutRecordOffset,
    long bytesMissing,
    long lastCompleteRecordOffset,
    boolean rootsStandIn) {

  /** One line for people: where the dump ends and what the analysis covers. */
  public String describe() {
    return describe("analyzed");
  }

  /** As {@link #describe()}, for a report that {@code did} ("counted") the complete records. */
  public String describe(String did) {
    return "TRUNCATED DUMP: it ends at offset 0x"
        + Long.toHexString(atOffset)
        + " inside "
        + cutRecord
        + " at 0x"
        + Long.toHexString(cutRecordOffset)
        + (bytesMissing >= 0 ? " (" + bytesMissing + " bytes of it missing)" : "")
        + "; "
        + did
        + " the complete records up to 0x"
        + Long.toHexString(usableEnd)
        + ", objects after that are missing"
        + (rootsStandIn
            ? "; its GC roots were lost too (the JVM writes them last), so the classes' static"
                + " fields and the threads stand in for them: what only a stack frame or a JNI"
                + " reference held shows as unreachable"
            : "");
  }
}
