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

  /**
   * @param offset where in the file the limit was passed (the first record past it)
   * @param message what was passed, in a sentence for a user
   */
  public IndexLimitException(long offset, String message) {
    super(message);
    this.offset = offset;
  }

  /** The same failure, its message led by the dump it is about (of several, say which). */
  public IndexLimitException withDump(java.nio.file.Path dump) {
    IndexLimitException e = new IndexLimitException(offset, dump + ": " + getMessage());
    e.initCause(this);
    return e;
  }

  /** Where in the file the limit was passed. */
  public long offset() {
    return offset;
  }
}
