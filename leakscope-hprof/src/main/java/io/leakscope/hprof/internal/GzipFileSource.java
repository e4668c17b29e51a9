package io.leakscope.hprof.internal;

import io.leakscope.hprof.HprofFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip-compressed dump, read without unpacking it to disk.
 *
 * <p>{@code jcmd GC.heap_dump -gz=N} writes the dump as a series of independent gzip members of
 * bounded uncompressed size, and marks the first member's header with an {@code HPROF BLOCKSIZE=}
 * comment. While inflating, this source records a checkpoint (uncompressed offset, compressed
 * offset) at the start of every member, so that later random reads inflate from the nearest member
 * at or before the wanted offset instead of from the start.
 *
 * <p>Any other gzip file (plain {@code gzip dump.hprof}: one member) cannot be read from the middle
 * without inflating everything before it. For those, the first full pass also writes the inflated
 * bytes to a temporary file (deleted when this source is closed, or by the OS if the process dies)
 * and every later read uses that file; it needs disk space for the uncompressed dump. If the file
 * cannot be written, reads fall back to inflating from the start.
 *
 * <p>A chunked file is spooled the same way: each later pass and random read then reads plain bytes
 * instead of inflating again. On a 1.5 GB dump written by {@code jcmd -gz=1} that took the analysis
 * from 32 s to about the plain dump's time plus one inflation (docs/scaling.md). {@code -D}{@value
 * #SPOOL_CHUNKED}{@code =false} keeps chunked files from being spooled at all.
 *
 * <p>Either kind is spooled only while the temporary directory has room for the rest of the spool
 * and, besides it, for what the analysis parks there (about the dump's size again, see {@link
 * #roomToSpool}), checked before the first byte and every {@value #CHECK_EVERY_MB} MB. When it runs
 * short, the spool is deleted and reads inflate as without one: from the nearest member of a
 * chunked file, from the start of a single-member one (slow for an analysis, which reads objects
 * from all over the dump, but the disk never fills). Before that rule, a single-member dump of 83
 * GB inflated filled the disk's 60 GB, and the analysis's own temporary files, failing to be
 * written, fell back to memory.
 *
 * <p>Memory: 16 bytes per member checkpoint (a 2 GB dump in 1 MB members: 32 KB).
 */
public final class GzipFileSource implements DumpSource {
  private static final int CBUF = 1 << 16;

  /** The system property that, set to {@code false}, keeps chunked files from being spooled. */
  public static final String SPOOL_CHUNKED = "leakscope.gzip.spoolChunked";

  private static final int CHECK_EVERY_MB = 64;

  /** The free bytes of a directory's file system, or -1 if unknown. */
  @FunctionalInterface
  interface FreeSpace {
    long of(Path directory);
  }

  private static final FreeSpace USABLE_SPACE =
      dir -> {
        try {
          return java.nio.file.Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
          return -1;
        }
      };

  /**
   * The ratio of inflated to compressed bytes assumed before any is known: {@code jcmd -gz=1} dumps
   * measured 4 to 5.
   */
  private static final int FIRST_GUESS_RATIO = 5;

  private final Path path;
  private final FileChannel channel;
  private final long fileLength;
  // checkpoints, in increasing order; guarded by this
  private long[] uncompressedAt = new long[64];
  private long[] compressedAt = new long[64];
  private int checkpoints;
  private long knownLength = -1;
  // spooling to a plain temporary file; guarded by this
  private FileChannel spool;
  private long spooled;
  private boolean spoolComplete;
  private boolean spoolStopped;
  private long nextRoomCheck; // spooled bytes at which the room is checked again
  private final boolean spoolChunked;
  private final Path spoolDirectory;
  private final FreeSpace freeSpace;
  private final long checkEvery;
  private Boolean blockSized; // whether jcmd's comment marks it chunked; null until read

  public GzipFileSource(Path path) throws IOException {
    this(path, true);
  }

  /**
   * @param spoolForRandomAccess false for a caller that reads the dump once from start to end (such
   *     as redaction): a single-member gzip file is then never spooled to a temporary file
   */
  public GzipFileSource(Path path, boolean spoolForRandomAccess) throws IOException {
    this(
        path,
        spoolForRandomAccess,
        !"false".equals(System.getProperty(SPOOL_CHUNKED)),
        Path.of(System.getProperty("java.io.tmpdir")),
        USABLE_SPACE,
        (long) CHECK_EVERY_MB << 20);
  }

  /**
   * @param spoolChunked whether a chunked file is spooled too, when {@code spoolDirectory} has room
   * @param spoolDirectory where the spool is written
   * @param freeSpace how the room of {@code spoolDirectory} is found
   * @param checkEvery the spooled bytes after which the room is checked again
   */
  GzipFileSource(
      Path path,
      boolean spoolForRandomAccess,
      boolean spoolChunked,
      Path spoolDirectory,
      FreeSpace freeSpace,
      long checkEvery)
      throws IOException {
    this.path = path;
    this.spoolChunked = spoolChunked;
    this.spoolDirectory = spoolDirectory;
    this.freeSpace = freeSpace;
    this.checkEvery = checkEvery;
    if (!spoolForRandomAccess) {
      spoolStopped = true;
    }
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      this.fileLength = channel.size();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    addCheckpoint(0, 0);
  }

  /** Whether the first bytes of a file are the gzip magic number. */
  public static boolean isGzip(byte[] firstBytes, int n) {
    return n >= 2 && (firstBytes[0] & 0xff) == 0x1f && (firstBytes[1] & 0xff) == 0x8b;
  }

  @Override
  public synchronized long length() {
    return knownLength;
  }

  @Override
  public long fileLength() {
    return fileLength;
  }

  @Override
  public boolean compressed() {
    return true;
  }

  private synchronized void addCheckpoint(long uncompressed, long compressed) {
    if (checkpoints > 0 && uncompressedAt[checkpoints - 1] >= uncompressed) {
      return; // known already (a second pass over the same members)
    }
    if (checkpoints == uncompressedAt.length) {
      uncompressedAt = Arrays.copyOf(uncompressedAt, checkpoints * 2);
      compressedAt = Arrays.copyOf(compressedAt, checkpoints * 2);
    }
    uncompressedAt[checkpoints] = uncompressed;
    compressedAt[checkpoints] = compressed;
    checkpoints++;
  }

  private synchronized void setLength(long length) {
    knownLength = length;
  }

  /**
   * Appends inflated bytes at {@code position} to the spool if they extend it; {@code
   * compressedPosition} is where the inflater has read to in the file.
   */
  private synchronized void spool(
      long position, byte[] b, int off, int n, long compressedPosition) {
    if (spoolComplete
        || spoolStopped
        || position > spooled
        || position + n <= spooled
        || blockSized == null) {
      return;
    }
    if (spooled >= nextRoomCheck) {
      if ((blockSized && !spoolChunked) || !roomToSpool(compressedPosition)) {
        stopSpooling();
        return;
      }
      nextRoomCheck = spooled + checkEvery;
    }
    int already = (int) (spooled - position); // bytes of this chunk another reader spooled before
    off += already;
    n -= already;
    position = spooled;
    try {
      if (spool == null) {
        if (position != 0) {
          return;
        }
        Path tmp = java.nio.file.Files.createTempFile(spoolDirectory, "leakscope-gunzip", ".hprof");
        spool =
            FileChannel.open(
                tmp,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
      }
      ByteBuffer bb = ByteBuffer.wrap(b, off, n);
      long at = spooled;
      while (bb.hasRemaining()) {
        at += spool.write(bb, at);
      }
      spooled = at;
    } catch (IOException e) {
      stopSpooling(); // no disk space: random reads will inflate instead
    }
  }

  private synchronized void spoolEnded(long position) {
    if (spool != null && position == spooled) {
      spoolComplete = true;
    }
  }

  /**
   * Whether the spool directory has room for the rest of the spool and, besides it, for what the
   * analysis parks there: about the dump's inflated size again (the CLI's temporary space check
   * makes the same estimate). The inflated size is estimated from the ratio so far, or {@value
   * #FIRST_GUESS_RATIO} times the file before the first byte.
   */
  private boolean roomToSpool(long compressedPosition) {
    double ratio =
        spooled > 0 && compressedPosition > 0
            ? Math.max(1.0, (double) spooled / compressedPosition)
            : FIRST_GUESS_RATIO;
    long inflated = (long) (fileLength * ratio);
    long stillToSpool = Math.max(0, inflated - spooled);
    long usable = freeSpace.of(spoolDirectory);
    return usable >= 0 && usable >= stillToSpool + inflated;
  }

  private synchronized void stopSpooling() {
    spoolStopped = true; // never try again
    if (spool != null) {
      try {
        spool.close();
      } catch (IOException ignored) {
        // deleted on close either way
      }
      spool = null;
    }
  }

  private synchronized void firstMemberHeader(boolean hasBlockSizeComment) {
    if (blockSized == null) {
      blockSized = hasBlockSizeComment;
    }
  }

  /** Chunked (a read inflates from the nearest member's start), or spooled to disk. */
  @Override
  public synchronized boolean seekable() {
    return Boolean.TRUE.equals(blockSized) || spoolComplete;
  }

  @Override
  public synchronized boolean inflatesOnRead() {
    return !spoolComplete;
  }

  @Override
  public Stream openAt(long position) throws IOException {
    synchronized (this) {
      if (spoolComplete) {
        FileChannel ch = spool;
        return new Stream() {
          private long pos = position;

          @Override
          public int read(byte[] dst, int off, int len) throws IOException {
            int n = ch.read(ByteBuffer.wrap(dst, off, len), pos);
            if (n > 0) {
              pos += n;
            }
            return n;
          }

          @Override
          public void close() {}
        };
      }
    }
    MemberStream s;
    synchronized (this) {
      int k = Arrays.binarySearch(uncompressedAt, 0, checkpoints, position);
      int i = k >= 0 ? k : -k - 2;
      s = new MemberStream(compressedAt[i], uncompressedAt[i]);
    }
    try {
      long skip = position - s.uncompressed;
      byte[] scratch = new byte[(int) Math.min(skip, 1 << 16) + 1];
      while (skip > 0) {
        int n = s.read(scratch, 0, (int) Math.min(skip, scratch.length));
        if (n < 0) {
          break;
        }
        skip -= n;
      }
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      stopSpooling();
    }
  }

  /** Inflates members one after another, from a member start. */
  private final class MemberStream implements Stream {
    private final Inflater inflater = new Inflater(true);
    private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    private final byte[] cbuf = new byte[CBUF];
    private final ByteBuffer cbb = ByteBuffer.wrap(cbuf);
    private long compressed; // file position of cbuf[0]
    private int cstart; // next unread byte in cbuf
    private int cend; // end of valid bytes in cbuf
    private long uncompressed; // uncompressed position of the next byte returned
    private long memberUncompressedStart;
    private boolean inMember;
    private boolean eof;

    MemberStream(long compressedStart, long uncompressedStart) {
      this.compressed = compressedStart;
      this.uncompressed = uncompressedStart;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (!eof) {
        if (!inMember) {
          startMember();
          continue;
        }
        try {
          int n = inflater.inflate(dst, off, len);
          if (n > 0) {
            spool(uncompressed, dst, off, n, compressedPosition());
            uncompressed += n;
            crc.update(dst, off, n);
            return n;
          }
          if (inflater.finished()) {
            endMember();
          } else if (inflater.needsInput()) {
            if (cend == cstart && !fill()) {
              throw HprofFormatException.truncated(
                  compressedPosition(),
                  "gzip member",
                  "compressed data ends early, after 0x"
                      + Long.toHexString(uncompressed)
                      + " bytes of dump ("
                      + path
                      + " may be truncated)",
                  uncompressed);
            }
            inflater.setInput(cbuf, cstart, cend - cstart);
            cstart = cend;
          } else if (inflater.needsDictionary()) {
            throw new HprofFormatException(
                compressedPosition(), "gzip member", "needs a dictionary");
          }
        } catch (DataFormatException e) {
          throw new HprofFormatException(
              compressedPosition(), "gzip member", "corrupt deflate data: " + e.getMessage());
        }
      }
      return -1;
    }

    private long compressedPosition() {
      return compressed + cstart - inflater.getRemaining();
    }

    @Override
    public long filePosition() {
      return compressedPosition();
    }

    /** Reads more compressed bytes into cbuf after compacting; false at end of file. */
    private boolean fill() throws IOException {
      if (cstart > 0) {
        System.arraycopy(cbuf, cstart, cbuf, 0, cend - cstart);
        compressed += cstart;
        cend -= cstart;
        cstart = 0;
      }
      if (cend == cbuf.length) {
        return true;
      }
      cbb.limit(cbuf.length).position(cend);
      int n = channel.read(cbb, compressed + cend);
      if (n <= 0) {
        return false;
      }
      cend += n;
      return true;
    }

    private boolean need(int n) throws IOException {
      while (cend - cstart < n) {
        if (!fill()) {
          return false;
        }
      }
      return true;
    }

    private int u1() throws IOException {
      if (!need(1)) {
        throw HprofFormatException.truncated(
            compressed + cstart, "gzip header", "file ends inside it", uncompressed);
      }
      return cbuf[cstart++] & 0xff;
    }

    private void startMember() throws IOException {
      if (!need(1)) {
        eof = true;
        setLength(uncompressed);
        spoolEnded(uncompressed);
        return;
      }
      long memberStart = compressed + cstart;
      if (!need(10)) {
        throw HprofFormatException.truncated(
            memberStart, "gzip header", "file ends inside it", uncompressed);
      }
      if ((cbuf[cstart] & 0xff) != 0x1f || (cbuf[cstart + 1] & 0xff) != 0x8b) {
        throw new HprofFormatException(
            memberStart,
            "gzip header",
            String.format(
                "expected gzip magic 1f8b, found %02x%02x",
                cbuf[cstart] & 0xff, cbuf[cstart + 1] & 0xff));
      }
      if ((cbuf[cstart + 2] & 0xff) != 8) {
        throw new HprofFormatException(
            memberStart, "gzip header", "compression method is not deflate");
      }
      int flags = cbuf[cstart + 3] & 0xff;
      cstart += 10;
      if ((flags & 4) != 0) { // FEXTRA
        int xlen = u1() | (u1() << 8);
        for (int i = 0; i < xlen; i++) {
          u1();
        }
      }
      if ((flags & 8) != 0) { // FNAME
        while (u1() != 0) {}
      }
      StringBuilder comment = new StringBuilder();
      if ((flags & 16) != 0) { // FCOMMENT
        for (int c = u1(); c != 0; c = u1()) {
          if (comment.length() < 64) {
            comment.append((char) c);
          }
        }
      }
      if (uncompressed == 0) {
        firstMemberHeader(comment.toString().startsWith("HPROF BLOCKSIZE="));
      }
      if ((flags & 2) != 0) { // FHCRC
        u1();
        u1();
      }
      addCheckpoint(uncompressed, memberStart);
      memberUncompressedStart = uncompressed;
      inflater.reset();
      crc.reset();
      inMember = true;
    }

    private void endMember() throws IOException {
      // unconsumed input handed to the inflater belongs to the trailer or the next member
      cstart -= inflater.getRemaining();
      if (!need(8)) {
        throw HprofFormatException.truncated(
            compressed + cstart, "gzip trailer", "file ends inside it", uncompressed);
      }
      long isize =
          (cbuf[cstart + 4] & 0xffL)
              | (cbuf[cstart + 5] & 0xffL) << 8
              | (cbuf[cstart + 6] & 0xffL) << 16
              | (cbuf[cstart + 7] & 0xffL) << 24;
      long expectedCrc =
          (cbuf[cstart] & 0xffL)
              | (cbuf[cstart + 1] & 0xffL) << 8
              | (cbuf[cstart + 2] & 0xffL) << 16
              | (cbuf[cstart + 3] & 0xffL) << 24;
      if (expectedCrc != crc.getValue()) {
        throw new HprofFormatException(
            compressed + cstart,
            "gzip trailer",
            String.format(
                "CRC32 %08x does not match the inflated data (%08x)", expectedCrc, crc.getValue()));
      }
      long produced = uncompressed - memberUncompressedStart;
      if ((produced & 0xffffffffL) != isize) {
        throw new HprofFormatException(
            compressed + cstart,
            "gzip trailer",
            "member size " + isize + " does not match inflated size " + produced);
      }
      cstart += 8;
      inMember = false;
    }

    @Override
    public void close() {
      inflater.end();
    }
  }
}
