package io.leakscope.hprof;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception for bad dump bytes. The message names the byte offset in hex, the record (or
 * sub-record) being read, and what was expected versus what was found, e.g. {@code "record
 * HEAP_DUMP_SEGMENT at 0x1f3a: length 4096 runs past end of file (0x1f00)"}.
 *
 * <p>Which dump failed is data, not part of the message: a reader of several dumps (the analysis of
 * a dump and its baselines) attaches the file with {@link #withDump(Path)}, and {@link #dump()}
 * returns it. The message stays the same, so a caller names the dump as it likes.
 */
public final class HprofFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final long dumpEnd;
  // a Path is not Serializable: a deserialized exception has no dump
  private final transient @Nullable Path dump;

  public HprofFormatException(long offset, @Nullable String record, String problem) {
    this(format(offset, record, problem), offset, -1, null);
  }

  public HprofFormatException(String message) {
    this(message, -1, -1, null);
  }

  private HprofFormatException(
      @Nullable String message, long offset, long dumpEnd, @Nullable Path dump) {
    super(message);
    this.offset = offset;
    this.dumpEnd = dumpEnd;
    this.dump = dump;
  }

  /**
   * The dump ends before what is being read: the file was cut off (a full disk, a process killed
   * while dumping), not damaged. {@link #truncated()} is true.
   *
   * @param dumpEnd offset in the uncompressed dump where the readable bytes end
   */
  public static HprofFormatException truncated(
      long offset, @Nullable String record, String problem, long dumpEnd) {
    return new HprofFormatException(
        format(offset, record, problem), offset, Math.max(0, dumpEnd), null);
  }

  /**
   * This error as the error of reading {@code dump}: a copy with the same message, {@link
   * #offset()}, {@link #dumpEnd()} (so {@link #truncated()}), cause, stack trace and suppressed
   * exceptions, whose {@link #dump()} is {@code dump}.
   *
   * @param dump the file that was being read, as the caller named it
   * @return a new exception; this one is unchanged
   * @throws NullPointerException if {@code dump} is null
   */
  public HprofFormatException withDump(Path dump) {
    HprofFormatException copy =
        new HprofFormatException(
            getMessage(), offset, dumpEnd, Objects.requireNonNull(dump, "dump"));
    if (getCause() != null) {
      copy.initCause(getCause());
    }
    copy.setStackTrace(getStackTrace());
    for (Throwable s : getSuppressed()) {
      copy.addSuppressed(s);
    }
    return copy;
  }

  /**
   * The dump file this error is about, as given to {@link #withDump(Path)}, or null if none was
   * attached (the reader of a single stream does not know its file).
   */
  public @Nullable Path dump() {
    return dump;
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

  private static String format(long offset, @Nullable String record, String problem) {
    return (record == null ? "" : record + " ")
        + "at 0x"
        + Long.toHexString(offset)
        + ": "
        + problem;
  }
}
