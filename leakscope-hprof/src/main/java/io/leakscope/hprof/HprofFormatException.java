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

  public HprofFormatException(long offset, String record, String problem) {
    super(format(offset, record, problem));
    this.offset = offset;
  }

  public HprofFormatException(String message) {
    super(message);
    this.offset = -1;
  }

  /** Byte offset in the (uncompressed) dump where the problem was found, or -1 if unknown. */
  public long offset() {
    return offset;
  }

  private static String format(long offset, String record, String problem) {
    return (record == null ? "" : record + " ") + "at 0x" + Long.toHexString(offset) + ": " + problem;
  }
}
