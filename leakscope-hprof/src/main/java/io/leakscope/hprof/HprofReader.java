package io.leakscope.hprof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Streams every record of a dump to an {@link HprofVisitor} in one pass.
 *
 * <p>Design note: a single buffered pass (1 MB buffer) over the uncompressed bytes, decoding
 * big-endian values by hand; nothing is allocated per heap object. Every length read from the file
 * is checked against the enclosing record and, for plain files, the file size before anything is
 * allocated for it, so that corrupt or hostile lengths end in an {@link HprofFormatException}
 * rather than an {@code OutOfMemoryError}.
 */
public final class HprofReader {
  private static final int BUFFER = 1 << 20;
  private static final long PROGRESS_STEP = 32L << 20;

  /** Largest UTF8 record accepted (names, signatures); real ones are a few KB. */
  private static final int MAX_UTF8 = 64 << 20;

  /** Most frames accepted in one stack trace (HotSpot's default depth limit is 1024). */
  private static final int MAX_FRAMES = 1 << 20;

  private final HprofFile file;
  private final ProgressListener progress;
  private final String phase;
  private final int idSize;
  private final long fileLength;
  private long nextProgress;

  /** Offset of the heap dump sub-record being read. */
  private long subRecordStart;

  private HprofReader(HprofFile file, ProgressListener progress, String phase) {
    this.file = file;
    this.progress = progress;
    this.phase = phase;
    this.idSize = file.header().idSize();
    this.fileLength = file.fileLength();
  }

  /**
   * Reads the whole dump.
   *
   * @param phase the phase name reported to {@code progress}
   * @throws HprofFormatException on malformed input
   */
  public static void read(
      HprofFile file, HprofVisitor visitor, ProgressListener progress, String phase)
      throws IOException {
    new HprofReader(file, progress, phase).run(visitor);
  }

  private void run(HprofVisitor v) throws IOException {
    long known = file.length();
    long total = known >= 0 ? known : -1;
    boolean strings = v.wantsStrings();
    long limit = file.readableEnd();
    try (RecordInput in = file.openPass(file.header().length(), BUFFER)) {
      while ((limit < 0 || in.position() < limit) && !in.atEnd()) {
        long start = in.position();
        in.context("record", start);
        int tag = in.u1();
        in.u4(); // time offset
        long len = in.u4() & 0xffffffffL;
        long end = start + 9 + len;
        String name = HprofTag.recordName(tag);
        in.context(name, start);
        if (limit >= 0 && end > limit) {
          // the record cut off by a truncation: its complete sub-records end at the limit
          if (tag == HprofTag.HEAP_DUMP || tag == HprofTag.HEAP_DUMP_SEGMENT) {
            readHeap(in, v, name, start, limit, total);
          }
          break;
        }
        if (known >= 0 && end > known) {
          throw HprofFormatException.truncated(
              start,
              name,
              "length " + len + " runs past end of file (0x" + Long.toHexString(known) + ")",
              known);
        }
        switch (tag) {
          case HprofTag.UTF8:
            readUtf8(in, v, start, len, strings);
            break;
          case HprofTag.LOAD_CLASS:
            expectLength(start, name, len, 8 + 2L * idSize);
            v.loadClass(in.u4(), in.id(), in.u4(), in.id());
            break;
          case HprofTag.STACK_FRAME:
            expectLength(start, name, len, 8 + 4L * idSize);
            v.stackFrame(in.id(), in.id(), in.id(), in.id(), in.u4(), in.u4());
            break;
          case HprofTag.STACK_TRACE:
            readStackTrace(in, v, start, len);
            break;
          case HprofTag.HEAP_DUMP:
          case HprofTag.HEAP_DUMP_SEGMENT:
            readHeap(in, v, name, start, end, total);
            break;
          default:
            in.skip(len);
        }
        if (in.position() != end) {
          throw new HprofFormatException(
              start,
              name,
              "length " + len + " but its content ends at 0x" + Long.toHexString(in.position()));
        }
        report(in, end, total);
      }
    }
    progress.update(phase, 1, 1);
  }

  /**
   * Walks the records of a dump, skipping their content, to find whether it is cut off and where
   * its complete content ends. Inside a cut-off heap dump record the sub-records are walked too:
   * every complete one before the cut is usable.
   *
   * @return the truncation, or null if the dump is complete
   * @throws HprofFormatException if the dump is damaged rather than truncated
   */
  static @Nullable Truncation findTruncation(HprofFile file, ProgressListener progress)
      throws IOException {
    HprofReader reader = new HprofReader(file, progress, CHECKING_PHASE);
    Truncation found = reader.scan();
    progress.update(CHECKING_PHASE, 1, 1); // done, whether the dump is cut or not
    return found;
  }

  /** The phase {@link #findTruncation} reports progress in. */
  public static final String CHECKING_PHASE = "checking for truncation";

  private @Nullable Truncation scan() throws IOException {
    long known = file.length();
    long total = known >= 0 ? known : -1;
    long lastComplete = -1;
    boolean segmentsOpen = false; // HEAP_DUMP_SEGMENTs are closed by a HEAP_DUMP_END
    try (RecordInput in = file.openPass(file.header().length(), BUFFER)) {
      while (!in.atEnd()) {
        long start = in.position();
        in.context("record", start);
        int tag = -1;
        long end = -1;
        try {
          tag = in.u1();
          in.u4();
          end = start + 9 + (in.u4() & 0xffffffffL);
          in.context(HprofTag.recordName(tag), start);
          in.skip(end - start - 9);
        } catch (HprofFormatException e) {
          if (!e.truncated()) {
            throw e;
          }
          boolean heap =
              end >= 0 && (tag == HprofTag.HEAP_DUMP || tag == HprofTag.HEAP_DUMP_SEGMENT);
          long usable = heap ? lastCompleteSubRecordEnd(start, end) : start;
          String name = end < 0 ? "record header" : HprofTag.recordName(tag);
          return new Truncation(e.dumpEnd(), usable, start, name, end, lastComplete);
        }
        lastComplete = start;
        report(in, end, total);
        if (tag == HprofTag.HEAP_DUMP_SEGMENT) {
          segmentsOpen = true;
        } else if (tag == HprofTag.HEAP_DUMP_END) {
          segmentsOpen = false;
        }
      }
      // cut exactly between records: only what should come next tells
      long end = in.position();
      if (lastComplete < 0) {
        return new Truncation(end, end, end, "first record", -1, -1);
      }
      if (segmentsOpen) {
        return new Truncation(end, end, end, "HEAP_DUMP_END", -1, lastComplete);
      }
    }
    return null;
  }

  /** End of the last complete sub-record of the cut-off heap dump record at {@code start}. */
  private long lastCompleteSubRecordEnd(long start, long end) throws IOException {
    try (RecordInput in = file.open(start + 9, BUFFER)) {
      in.context(HprofTag.recordName(HprofTag.HEAP_DUMP_SEGMENT), start);
      readHeap(in, new HprofVisitor() {}, "heap dump", start, end, -1);
    } catch (HprofFormatException e) {
      if (!e.truncated()) {
        throw e;
      }
    }
    return subRecordStart;
  }

  /**
   * Reports {@code pos} of {@code total} bytes of dump; while the dump's length is unknown (a gzip
   * dump's first pass), the compressed bytes read of the file's length instead, so that the pass
   * still has a share done and a time left.
   */
  private void report(RecordInput in, long pos, long total) {
    if (pos >= nextProgress) {
      nextProgress = pos + PROGRESS_STEP;
      long read = total < 0 ? in.filePosition() : -1;
      if (read >= 0) {
        progress.update(phase, Math.min(read, fileLength), fileLength);
      } else {
        progress.update(phase, pos, total);
      }
    }
  }

  private static void expectLength(long start, String name, long len, long expected)
      throws HprofFormatException {
    if (len != expected) {
      throw new HprofFormatException(
          start, name, "length " + len + " (expected: " + expected + ")");
    }
  }

  private void readUtf8(RecordInput in, HprofVisitor v, long start, long len, boolean strings)
      throws IOException {
    if (len < idSize || len - idSize > MAX_UTF8) {
      throw new HprofFormatException(
          start,
          "UTF8",
          "length " + len + " (expected: " + idSize + ".." + (MAX_UTF8 + idSize) + ")");
    }
    long id = in.id();
    int n = (int) (len - idSize);
    if (!strings) {
      in.skip(n);
      return;
    }
    byte[] b = readBytes(in, n);
    v.utf8(id, new String(b, StandardCharsets.UTF_8));
  }

  private void readStackTrace(RecordInput in, HprofVisitor v, long start, long len)
      throws IOException {
    if (len < 12) {
      throw new HprofFormatException(start, "STACK_TRACE", "length " + len + " (expected: 12+)");
    }
    int serial = in.u4();
    int thread = in.u4();
    long n = in.u4() & 0xffffffffL;
    if (12 + n * idSize != len) {
      throw new HprofFormatException(
          start, "STACK_TRACE", n + " frames do not fit its length " + len);
    }
    if (n > MAX_FRAMES) {
      throw new HprofFormatException(
          start, "STACK_TRACE", n + " frames (expected: at most " + MAX_FRAMES + ")");
    }
    // where the file's length is not known yet (gzip), a claimed count is not trusted: the array
    // grows with the frames actually read
    long[] frames = new long[(int) Math.min(n, file.length() >= 0 ? n : GROW_FROM / 8)];
    for (int i = 0; i < n; i++) {
      if (i == frames.length) {
        frames = java.util.Arrays.copyOf(frames, (int) Math.min(n, 2L * i));
      }
      frames[i] = in.id();
    }
    v.stackTrace(serial, thread, frames);
  }

  /**
   * Allocation of a length-prefixed value starts at most this size while the file length is
   * unknown.
   */
  private static final int GROW_FROM = 64 << 10;

  /**
   * Reads {@code n} bytes. A plain file's length was checked against the record already; in a gzip
   * file the bytes may not exist, so the buffer grows with the bytes actually read.
   */
  private byte[] readBytes(RecordInput in, int n) throws IOException {
    if (file.length() >= 0 || n <= GROW_FROM) {
      byte[] b = new byte[n];
      in.readFully(b, 0, n);
      return b;
    }
    byte[] b = new byte[GROW_FROM];
    int done = 0;
    while (done < n) {
      if (done == b.length) {
        b = java.util.Arrays.copyOf(b, (int) Math.min(n, 2L * done));
      }
      int k = b.length - done;
      in.readFully(b, done, k);
      done += k;
    }
    return b;
  }

  private void readHeap(
      RecordInput in, HprofVisitor v, String name, long start, long end, long total)
      throws IOException {
    while (in.position() < end) {
      long sub = in.position();
      subRecordStart = sub;
      int st = in.u1();
      in.subContext(st, sub);
      switch (st) {
        case HprofTag.ROOT_UNKNOWN:
        case HprofTag.ROOT_STICKY_CLASS:
        case HprofTag.ROOT_MONITOR_USED:
        case HprofTag.ROOT_INTERNED_STRING:
        case HprofTag.ROOT_FINALIZING:
        case HprofTag.ROOT_DEBUGGER:
        case HprofTag.ROOT_REFERENCE_CLEANUP:
        case HprofTag.ROOT_VM_INTERNAL:
        case HprofTag.ROOT_UNREACHABLE:
          v.gcRoot(st, in.id(), 0, -1);
          break;
        case HprofTag.ROOT_JNI_GLOBAL:
          {
            long id = in.id();
            in.id(); // JNI global ref id
            v.gcRoot(st, id, 0, -1);
            break;
          }
        case HprofTag.ROOT_JNI_LOCAL:
        case HprofTag.ROOT_JAVA_FRAME:
        case HprofTag.ROOT_JNI_MONITOR:
        case HprofTag.ROOT_THREAD_OBJECT:
          v.gcRoot(st, in.id(), in.u4(), in.u4());
          break;
        case HprofTag.ROOT_NATIVE_STACK:
        case HprofTag.ROOT_THREAD_BLOCK:
          v.gcRoot(st, in.id(), in.u4(), -1);
          break;
        case HprofTag.HEAP_DUMP_INFO:
          in.u4();
          in.id();
          break;
        case HprofTag.CLASS_DUMP:
          v.classDump(readClassDump(in, sub, end), sub);
          break;
        case HprofTag.INSTANCE_DUMP:
          {
            long id = in.id();
            in.u4();
            long cls = in.id();
            long n = checkLength(in.u4() & 0xffffffffL, sub, "field bytes");
            long dataEnd = in.position() + n;
            checkInside(sub, dataEnd, end, "field bytes", n);
            v.instanceDump(id, cls, sub, in, (int) n);
            finish(in, sub, dataEnd);
            break;
          }
        case HprofTag.OBJ_ARRAY_DUMP:
          {
            long id = in.id();
            in.u4();
            long n = checkLength(in.u4() & 0xffffffffL, sub, "array length");
            long cls = in.id();
            long dataEnd = in.position() + n * idSize;
            checkInside(sub, dataEnd, end, "array length", n);
            v.objectArrayDump(id, cls, (int) n, sub, in);
            finish(in, sub, dataEnd);
            break;
          }
        case HprofTag.PRIM_ARRAY_DUMP:
        case HprofTag.PRIMITIVE_ARRAY_NODATA:
          {
            long id = in.id();
            in.u4();
            long n = checkLength(in.u4() & 0xffffffffL, sub, "array length");
            int type = in.u1();
            int size = HprofTag.valueSize(type, idSize);
            if (size < 0 || type == HprofTag.TYPE_OBJECT) {
              throw new HprofFormatException(
                  sub, in0(name, start), "unknown primitive array type " + type);
            }
            long dataEnd =
                st == HprofTag.PRIM_ARRAY_DUMP ? in.position() + n * size : in.position();
            checkInside(sub, dataEnd, end, "array length", n);
            if (st == HprofTag.PRIM_ARRAY_DUMP) {
              v.primitiveArrayDump(id, type, (int) n, sub, in);
            } else {
              v.primitiveArrayWithoutData(id, type, (int) n, sub, in);
            }
            finish(in, sub, dataEnd);
            break;
          }
        default:
          throw new HprofFormatException(
              sub, in0(name, start), String.format("unknown sub-record tag 0x%02X", st));
      }
      if (in.position() > end) {
        throw new HprofFormatException(
            sub,
            in0(name, start),
            HprofTag.subRecordName(st)
                + " runs past the end of its record (0x"
                + Long.toHexString(end)
                + ")");
      }
      report(in, in.position(), total);
    }
  }

  private static String in0(String name, long start) {
    return name + " at 0x" + Long.toHexString(start) + ":";
  }

  /**
   * As {@link #checkInside(long, long, long, String)} for "{@code what n}", the message made only
   * on failure: this runs for every object record, and a message made each time (a string of the
   * length) cost an allocation per object in both passes of the index build.
   */
  private static void checkInside(long sub, long dataEnd, long end, String what, long n)
      throws HprofFormatException {
    if (dataEnd > end) {
      checkInside(sub, dataEnd, end, what + " " + n);
    }
  }

  private static void checkInside(long sub, long dataEnd, long end, String what)
      throws HprofFormatException {
    if (dataEnd > end) {
      throw new HprofFormatException(
          sub,
          "sub-record",
          what + " runs past the end of its record (0x" + Long.toHexString(end) + ")");
    }
  }

  /** Java arrays and objects never exceed 2^31-1 elements or bytes; HotSpot never writes more. */
  private static long checkLength(long n, long sub, String what) throws HprofFormatException {
    if (n > Integer.MAX_VALUE) {
      throw new HprofFormatException(
          sub, "sub-record", what + " " + n + " (expected: at most 2^31-1)");
    }
    return n;
  }

  private static void finish(RecordInput in, long sub, long dataEnd) throws IOException {
    long left = dataEnd - in.position();
    if (left < 0) {
      throw new IllegalStateException("visitor read past sub-record at 0x" + Long.toHexString(sub));
    }
    in.skip(left);
  }

  private ClassDump readClassDump(RecordInput in, long sub, long end) throws IOException {
    long id = in.id();
    in.u4();
    long superId = in.id();
    long loader = in.id();
    long signers = in.id();
    long pd = in.id();
    in.id();
    in.id();
    int instanceSize = in.u4();
    int cp = in.u2();
    for (int i = 0; i < cp; i++) {
      in.u2();
      in.value(checkType(in, sub, in.u1()));
    }
    int ns = in.u2();
    checkInside(sub, in.position() + (long) ns * (idSize + 2), end, ns + " static fields");
    long[] sNames = new long[ns];
    byte[] sTypes = new byte[ns];
    long[] sValues = new long[ns];
    for (int i = 0; i < ns; i++) {
      sNames[i] = in.id();
      int t = checkType(in, sub, in.u1());
      sTypes[i] = (byte) t;
      sValues[i] = in.value(t);
    }
    int nf = in.u2();
    checkInside(sub, in.position() + (long) nf * (idSize + 1), end, nf + " instance fields");
    long[] fNames = new long[nf];
    byte[] fTypes = new byte[nf];
    for (int i = 0; i < nf; i++) {
      fNames[i] = in.id();
      fTypes[i] = (byte) checkType(in, sub, in.u1());
    }
    return new ClassDump(
        id, superId, loader, signers, pd, instanceSize, sNames, sTypes, sValues, fNames, fTypes);
  }

  private int checkType(RecordInput in, long sub, int type) throws HprofFormatException {
    if (HprofTag.valueSize(type, idSize) < 0) {
      throw new HprofFormatException(
          sub,
          "CLASS_DUMP",
          "unknown basic type " + type + " at 0x" + Long.toHexString(in.position() - 1));
    }
    return type;
  }
}
