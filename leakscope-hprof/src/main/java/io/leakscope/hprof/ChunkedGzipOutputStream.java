package io.leakscope.hprof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes its input as a series of independent gzip members (RFC 1952), each holding at most {@code
 * chunkBytes} of uncompressed input, the way {@code jcmd GC.heap_dump -gz=N} does since JDK 15.
 *
 * <p>Design note: HotSpot's heap dumper compresses fixed-size blocks of the dump independently so
 * that a reader can start inflating at any member boundary. It marks such files by setting the
 * FCOMMENT flag in the <em>first</em> member's header and writing the comment {@code "HPROF
 * BLOCKSIZE=<chunkBytes>"}; later members carry no comment. Readers (Eclipse MAT, leakscope) look
 * for that comment to decide whether random access by member is possible. {@link
 * java.util.zip.GZIPOutputStream} cannot write a header comment, so the header and trailer are
 * written here around a raw ({@code nowrap}) {@link Deflater}. Memory: one chunk of input plus the
 * deflater's output buffer.
 *
 * <p>Not thread-safe. {@link #close()} writes the last, possibly shorter, member and closes the
 * underlying stream; an empty input still produces one (empty) member carrying the comment.
 */
public final class ChunkedGzipOutputStream extends OutputStream {
  /** Prefix of the comment in the first member's header; the chunk size follows in decimal. */
  public static final String BLOCKSIZE_COMMENT_PREFIX = "HPROF BLOCKSIZE=";

  private static final int FLAG_COMMENT = 0x10;
  private static final int OS_UNKNOWN = 255;

  private final OutputStream out;
  private final int chunkBytes;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] chunk;
  private final byte[] deflated = new byte[64 * 1024];
  private int filled;
  private boolean firstWritten;
  private boolean closed;

  /**
   * @param out receives the gzip members; closed by {@link #close()}
   * @param chunkBytes uncompressed bytes per member, 1 or more
   * @param level deflate level 0..9 (HotSpot's {@code -gz} level; 1 is fastest)
   */
  public ChunkedGzipOutputStream(OutputStream out, int chunkBytes, int level) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes: " + chunkBytes + " (expected: 1+)");
    }
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("level: " + level + " (expected: 0..9)");
    }
    this.out = out;
    this.chunkBytes = chunkBytes;
    this.chunk = new byte[chunkBytes];
    this.deflater = new Deflater(level, true);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      int n = Math.min(len, chunkBytes - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == chunkBytes) {
        writeMember();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (filled > 0 || !firstWritten) {
        writeMember();
      }
      out.flush();
    } finally {
      closed = true;
      deflater.end();
      out.close();
    }
  }

  private void writeMember() throws IOException {
    writeHeader(!firstWritten);
    firstWritten = true;
    crc.reset();
    crc.update(chunk, 0, filled);
    deflater.reset();
    deflater.setInput(chunk, 0, filled);
    deflater.finish();
    while (!deflater.finished()) {
      int n = deflater.deflate(deflated);
      out.write(deflated, 0, n);
    }
    writeIntLittleEndian((int) crc.getValue());
    writeIntLittleEndian(filled);
    filled = 0;
  }

  private void writeHeader(boolean withComment) throws IOException {
    out.write(0x1f);
    out.write(0x8b);
    out.write(Deflater.DEFLATED);
    out.write(withComment ? FLAG_COMMENT : 0);
    writeIntLittleEndian(0); // MTIME: none, like HotSpot
    out.write(0); // XFL
    out.write(OS_UNKNOWN);
    if (withComment) {
      out.write((BLOCKSIZE_COMMENT_PREFIX + chunkBytes).getBytes(StandardCharsets.ISO_8859_1));
      out.write(0);
    }
  }

  private void writeIntLittleEndian(int value) throws IOException {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
  }
}
