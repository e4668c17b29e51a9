package io.leakscope.hprof;

import java.io.IOException;

/**
 * The one exception for bad dump bytes. The message names the byte offset in hex, the record (or
 * sub-record) being read, and what was expected versus what was found, e.g. {@code "record
 * HEAP_DUMP_SEGMENT at 0x1f3a: length 4096 runs past end of file (0x1f00)"}.
 */
public final class HprofFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final long dumpEnd;

  public HprofFormatException(long offset, String record, String problem) {
    this(offset, record, problem, -1);
  }

  public HprofFormatException(String message) {
    super(message);
    this.offset = -1;
    this.dumpEnd = -1;
  }

  private HprofFormatException(long offset, String record, String problem, long dumpEnd) {
    super(format(offset, record, problem));
    this.offset = offset;
    this.dumpEnd = dumpEnd;
  }

  /**
   * The dump ends before what is being read: the file was cut off (a full disk, a process killed
   * while dumping), not damaged. {@link #truncated()} is true.
   *
   * @param dumpEnd offset in the uncompressed dump where the readable bytes end
   */
  public static HprofFormatException truncated(long offset, String record, String problem, long dumpEnd) {
    return new HprofFormatException(offset, record, problem, Math.max(0, dumpEnd));
  }

  /** Whether the dump ends too early (see {@link #truncated(long, String, String, long)}). */
  public boolean truncated() {
    return dumpEnd >= 0;
  }

  /** Where the readable bytes of a truncated dump end, or -1 if it is not {@link #truncated()}. */
  public long dumpEnd() {
    return dumpEnd;
  }

  /** Byte offset in the (uncompressed) dump where the problem was found, or -1 if unknown. */
  public long offset() {
    return offset;
  }

  private static String format(long offset, String record, String problem) {
    return (record == null ? "" : record + " ") + "at 0x" + Long.toHexString(offset) + ": " + problem;
  }
}
