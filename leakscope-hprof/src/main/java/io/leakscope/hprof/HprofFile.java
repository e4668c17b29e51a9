package io.leakscope.hprof;

import io.leakscope.hprof.internal.DumpSource;
import io.leakscope.hprof.internal.GzipFileSource;
import io.leakscope.hprof.internal.PlainFileSource;
import io.leakscope.hprof.internal.ReadAheadSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * An open HPROF dump, plain or gzip-compressed (including the chunked gzip that {@code jcmd
 * GC.heap_dump -gz=N} writes). Gives sequential and positioned access to the uncompressed bytes.
 *
 * <p>Thread-safe: every {@link #open(long, int)} returns an independent reader.
 */
public final class HprofFile implements Closeable {
  private static final String MAGIC = "JAVA PROFILE 1.0.";

  /**
   * Whether passes over a compressed dump inflate ahead on a second thread ({@link
   * ReadAheadSource}); on unless the system property {@code leakscope.readAhead} is {@code false}
   * (to measure it, or to rule it out).
   */
  private static final boolean READ_AHEAD =
      !"false".equals(System.getProperty("leakscope.readAhead"));

  private final Path path;
  private final DumpSource source;
  private final HprofHeader header;
  private @Nullable Truncation truncation;

  private HprofFile(Path path, DumpSource source, HprofHeader header) {
    this.path = path;
    this.source = source;
    this.header = header;
  }

  /**
   * Opens a dump; with {@code lenient}, a truncated dump (cut off by a full disk, or a process
   * killed while dumping) is accepted too: one pass over the dump finds where its complete records
   * end (see {@link #truncation()}) and every reader stops there.
   *
   * @throws HprofFormatException if the file is not an HPROF file, is damaged, or (without {@code
   *     lenient}) is empty; a truncated dump is only detected when it is read
   * @throws IOException if it cannot be read
   */
  public static HprofFile open(Path path, boolean lenient) throws IOException {
    return open(path, lenient, ProgressListener.NONE);
  }

  /**
   * As {@link #open(Path, boolean)}, reporting the lenient pass to {@code progress} as phase
   * {@value HprofReader#CHECKING_PHASE}.
   */
  public static HprofFile open(Path path, boolean lenient, ProgressListener progress)
      throws IOException {
    return lenient ? lenient(open(path), progress) : open(path);
  }

  /**
   * As {@link #openForOnePass(Path)}; with {@code lenient}, a truncated dump is accepted as by
   * {@link #open(Path, boolean)}, at the cost of one more pass to find where it ends.
   */
  public static HprofFile openForOnePass(Path path, boolean lenient) throws IOException {
    return openForOnePass(path, lenient, ProgressListener.NONE);
  }

  /**
   * As {@link #openForOnePass(Path, boolean)}, reporting the lenient pass to {@code progress} as
   * phase {@value HprofReader#CHECKING_PHASE}.
   */
  public static HprofFile openForOnePass(Path path, boolean lenient, ProgressListener progress)
      throws IOException {
    return lenient ? lenient(openForOnePass(path), progress) : openForOnePass(path);
  }

  /** Finds where {@code file}'s complete records end, so that every reader stops there. */
  private static HprofFile lenient(HprofFile file, ProgressListener progress) throws IOException {
    try {
      file.truncation = HprofReader.findTruncation(file, progress);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
    return file;
  }

  /** Where this truncated dump ends, if it was opened leniently and is truncated. */
  public java.util.Optional<Truncation> truncation() {
    return java.util.Optional.ofNullable(truncation);
  }

  /** Offset where readers stop: the end of the usable content of a truncated dump, else -1. */
  long readableEnd() {
    return truncation == null ? -1 : truncation.usableEnd();
  }

  /**
   * Opens a dump and reads its header.
   *
   * @throws HprofFormatException if the file is empty or not an HPROF file
   * @throws IOException if it cannot be read
   */
  public static HprofFile open(Path path) throws IOException {
    return openSource(path, true);
  }

  /**
   * Opens a dump that will be read once, sequentially (redaction, a class census): no gzip file is
   * ever copied to a temporary file for later random access, it is inflated as it is read. Reads
   * from the middle of a single-member gzip file inflate from its start.
   */
  public static HprofFile openForOnePass(Path path) throws IOException {
    return openSource(path, false);
  }

  /**
   * Whether the file at {@code path} is gzip (a {@code jcmd GC.heap_dump -gz=1} dump, or one
   * written by {@code gzip}), as {@link #open} tells it: by its first bytes, whatever its name.
   *
   * @throws IOException if the file cannot be read
   */
  public static boolean isGzip(Path path) throws IOException {
    byte[] first = new byte[2];
    return GzipFileSource.isGzip(first, firstBytes(path, first));
  }

  /** Reads up to {@code into.length} bytes from the start of the file; returns how many. */
  private static int firstBytes(Path path, byte[] into) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes(into, 0, into.length);
    }
  }

  private static HprofFile openSource(Path path, boolean randomAccess) throws IOException {
    byte[] first = new byte[2];
    int n = firstBytes(path, first);
    if (n == 0) {
      throw new HprofFormatException(0, "header", "the file is empty");
    }
    DumpSource source =
        GzipFileSource.isGzip(first, n)
            ? new GzipFileSource(path, randomAccess)
            : new PlainFileSource(path);
    try {
      return new HprofFile(path, source, readHeader(source));
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private static HprofHeader readHeader(DumpSource source) throws IOException {
    byte[] head = new byte[64];
    int n = 0;
    try (DumpSource.Stream s = source.openAt(0)) {
      while (n < head.length) {
        int r = s.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    if (n == 0) {
      throw new HprofFormatException(0, "header", "the dump is empty");
    }
    int nul = -1;
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        nul = i;
        break;
      }
    }
    String format =
        new String(
            head, 0, nul < 0 ? Math.min(n, MAGIC.length()) : nul, StandardCharsets.ISO_8859_1);
    if (!format.startsWith(MAGIC) || nul < 0) {
      throw new HprofFormatException(
          0,
          "header",
          "not an HPROF file (expected \"JAVA PROFILE 1.0.x\", found \""
              + printable(format)
              + "\")");
    }
    if (n < nul + 13) {
      throw new HprofFormatException(nul + 1, "header", "file ends inside the header");
    }
    int idSize =
        ((head[nul + 1] & 0xff) << 24)
            | ((head[nul + 2] & 0xff) << 16)
            | ((head[nul + 3] & 0xff) << 8)
            | (head[nul + 4] & 0xff);
    if (idSize != 4 && idSize != 8) {
      throw new HprofFormatException(
          nul + 1, "header", "identifier size " + idSize + " (expected: 4 or 8)");
    }
    long ts = 0;
    for (int i = 0; i < 8; i++) {
      ts = (ts << 8) | (head[nul + 5 + i] & 0xffL);
    }
    return new HprofHeader(format, idSize, ts, nul + 13);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  public Path path() {
    return path;
  }

  public HprofHeader header() {
    return header;
  }

  /** Whether the file is gzip-compressed. */
  public boolean compressed() {
    return source.compressed();
  }

  /**
   * Whether a read at any offset costs about what skipping a megabyte does: true for a plain dump,
   * a chunked gzip dump ({@code jcmd -gz}: inflated from the nearest member's start) and a
   * single-member gzip dump once a full pass has spooled it to disk. A forward reader should skip
   * rather than reopen when this is false.
   */
  public boolean seekable() {
    return source.seekable();
  }

  /**
   * Whether a forward reader at {@code position} that wants {@code offset} should read on (skip)
   * rather than reopen there: the gap is at most 1 MB, or the dump is read from its start only.
   * Reopening a chunked gzip dump inflates from the start of the member that holds the offset, so
   * reading on through a short gap costs no more; far gaps are cheaper to reopen at.
   */
  public boolean readOn(long position, long offset) {
    return position <= offset && (offset - position <= MAX_SKIP || !seekable());
  }

  /** The longest gap {@link #readOn} reads through on a dump that can be reopened anywhere. */
  private static final long MAX_SKIP = 1 << 20;

  /** Size of the file on disk. */
  public long fileLength() {
    return source.fileLength();
  }

  /** Length of the uncompressed dump, or -1 while unknown (gzip, before a full pass). */
  public long length() {
    return source.length();
  }

  /**
   * A reader positioned at {@code offset} of the uncompressed dump. Close it when done.
   *
   * @param bufferSize read buffer size; 64 KB for a few random reads, 1 MB+ for a full pass
   */
  public RecordInput open(long offset, int bufferSize) throws IOException {
    return new RecordInput(source, offset, header.idSize(), bufferSize);
  }

  /**
   * Whether a pass ({@link #openPass}) inflates ahead on a thread of its own: a gzip dump, unless a
   * pass has spooled it to a plain file already (when the temporary directory has room: {@code
   * GzipFileSource}). A pass that would put work of its own on a second thread asks, so as not to
   * run three threads on two processors.
   */
  public boolean passReadsAhead() {
    return READ_AHEAD && source.inflatesOnRead();
  }

  /**
   * A reader for a pass over the dump from {@code offset} on, forward only (skips included). On a
   * gzip dump not yet spooled the bytes ahead are inflated on a second thread while the pass
   * decodes the ones before: the pass then takes about the longer of the two rather than their sum
   * (measured: 20% less time reading a 1.5 GB dump). A plain dump, and a gzip dump once the first
   * pass has spooled it to disk, is read as by {@link #open(long, int)}: there the second thread
   * only added a copy. Close it when done.
   *
   * @param bufferSize read buffer size, as for {@link #open(long, int)}
   */
  public RecordInput openPass(long offset, int bufferSize) throws IOException {
    DumpSource pass = passReadsAhead() ? new ReadAheadSource(source) : source;
    return new RecordInput(pass, offset, header.idSize(), bufferSize);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
