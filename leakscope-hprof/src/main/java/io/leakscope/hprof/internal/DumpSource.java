package io.leakscope.hprof.internal;

import java.io.Closeable;
import java.io.IOException;

/**
 * The uncompressed bytes of a dump, read sequentially from a start position. Implementations: a
 * plain file and a (possibly chunked) gzip file.
 */
public interface DumpSource extends Closeable {
  /** Length of the uncompressed dump, or -1 if not known before reading it all. */
  long length();

  /** Length of the file on disk. */
  long fileLength();

  /** Whether the file is gzip-compressed. */
  boolean compressed();

  /**
   * Whether opening a stream at any position costs about what skipping a megabyte does: true for a
   * plain file, a chunked gzip file (inflates from the nearest member start) and a gzip file
   * spooled to disk; false while a read from the middle would inflate from the file's start.
   */
  default boolean seekable() {
    return true;
  }

  /**
   * Whether reading inflates: true for a gzip file until it has been spooled to disk (when the
   * temporary directory has room), after which its bytes are read plain from the spool.
   */
  default boolean inflatesOnRead() {
    return compressed();
  }

  /**
   * Opens a sequential stream of the uncompressed bytes starting at {@code position}. Reading from
   * an offset other than 0 may be slow for a single-member gzip file.
   */
  Stream openAt(long position) throws IOException;

  /** A sequential reader of uncompressed bytes. Not thread-safe; close when done. */
  interface Stream extends Closeable {
    /** Reads up to {@code len} bytes; returns -1 at the end of the dump. */
    int read(byte[] dst, int off, int len) throws IOException;

    /**
     * How far into the file on disk this stream has read, or -1 if it cannot say: for progress
     * while the dump's own length is unknown (a gzip file's first pass), where the compressed bytes
     * read are the measure of work done.
     */
    default long filePosition() {
      return -1;
    }
  }
}
