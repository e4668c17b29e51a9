package io.leakscope.heap;

import java.io.IOException;

/**
 * A well-formed dump that is beyond what an index can hold (today: more objects than its 32-bit
 * object ids number). Not a format error: the dump is fine, the analyzer is not big enough for it,
 * so a user should not be told the file is damaged.
 */
public final class IndexLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final java.nio.file.@org.jspecify.annotations.Nullable Path dump;

  /**
   * @param offset where in the file the limit was passed (the first record past it)
   * @param message what was passed, in a sentence for a user
   */
  public IndexLimitException(long offset, String message) {
    this(offset, message, null);
  }

  private IndexLimitException(
      long offset, String message, java.nio.file.@org.jspecify.annotations.Nullable Path dump) {
    super(message);
    this.offset = offset;
    this.dump = dump;
  }

  /** The same failure, its message led by the dump it is about (of several, say which). */
  public IndexLimitException withDump(java.nio.file.Path dump) {
    IndexLimitException e = new IndexLimitException(offset, dump + ": " + getMessage(), dump);
    e.initCause(this);
    return e;
  }

  /** The dump this is about, as given to {@link #withDump}, or null. */
  public java.nio.file.@org.jspecify.annotations.Nullable Path dump() {
    return dump;
  }

  /** Where in the file the limit was passed. */
  public long offset() {
    return offset;
  }
}
