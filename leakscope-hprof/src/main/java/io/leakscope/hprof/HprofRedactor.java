package io.leakscope.hprof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a heap dump with the contents of every primitive array zeroed, so that it can be shared:
 * the bytes and chars behind every {@code String}, {@code char[]}, {@code byte[]}, {@code int[]} …
 * become zeros, while every record, id, reference, count and length stays as it was. The copy has
 * the same byte length and analyzes to the same histogram, dominator tree and leak suspects.
 *
 * <p>Design note. Two streaming passes: the first collects the ids of the names the structure
 * refers to; in the second, records are copied as they are read, and only what is needed to find
 * primitive array contents is decoded: record headers, and in heap-dump records each sub-record's
 * header (a CLASS_DUMP is walked field by field, since its length follows from the id size and the
 * field types; instances and arrays state their lengths). Memory is constant in the size of the
 * dump (not of its number of objects): a 1 MB read buffer, a 64 KB write buffer, a 1 MB gzip chunk,
 * per class the few bytes of {@link FieldRedaction}, and 8 bytes per referenced name. Bad input
 * ends in the same {@link HprofFormatException}s as {@link HprofReader}, with the offset.
 *
 * <p>Where else secrets hide, and what is done about them:
 *
 * <ul>
 *   <li>Cached hash codes ({@code String.hash}, and {@code HashMap$Node.hash} and its kin, which
 *       hold the hash of a key) are functions of the secret: 32 bits that let anyone check guesses
 *       for a short secret offline. Zeroing them is cheap and changes no analysis, so it is always
 *       done.
 *   <li>Other primitive fields (an {@code int} PIN, a {@code long} key, numbers in static fields)
 *       are zeroed only on request ({@link Options#zeroPrimitiveFields()}): they are rarely secret,
 *       and sizes and counts in them help whoever reads the dump. The three the analysis reads are
 *       kept ({@link FieldRedaction}).
 *   <li>Thread names are Strings, so their characters are zeroed like any other.
 *   <li>UTF8 records that name a class, field, method, signature or source file are kept: they are
 *       the structure a report names. HotSpot also writes every other symbol it has as a UTF8
 *       record: string literals of loaded classes (an API key in the code) and symbols made at run
 *       time. Their text is zeroed ({@link ReferencedNames}), at the cost of a first pass over the
 *       dump to learn which names are referred to.
 * </ul>
 */
public final class HprofRedactor {
  private static final int BUFFER = 1 << 20;
  private static final long PROGRESS_STEP = 32L << 20;

  /** Uncompressed bytes per gzip member, as {@code jcmd GC.heap_dump -gz} writes them. */
  private static final int GZIP_CHUNK = 1 << 20;

  /** Deflate level: the fastest, like {@code -gz=1}. */
  private static final int GZIP_LEVEL = 1;

  private static final byte[] ROOT_BODY_IDS = new byte[256];
  private static final byte[] ROOT_BODY_EXTRA = new byte[256];

  static {
    // the body of each: one id (the object) or two (JNI global: object, global ref), then u4s
    int[][] idsAndExtra = {
      {
        1,
        0,
        HprofTag.ROOT_UNKNOWN,
        HprofTag.ROOT_STICKY_CLASS,
        HprofTag.ROOT_MONITOR_USED,
        HprofTag.ROOT_INTERNED_STRING,
        HprofTag.ROOT_FINALIZING,
        HprofTag.ROOT_DEBUGGER,
        HprofTag.ROOT_REFERENCE_CLEANUP,
        HprofTag.ROOT_VM_INTERNAL,
        HprofTag.ROOT_UNREACHABLE
      },
      {2, 0, HprofTag.ROOT_JNI_GLOBAL},
      {
        1,
        8,
        HprofTag.ROOT_JNI_LOCAL,
        HprofTag.ROOT_JAVA_FRAME,
        HprofTag.ROOT_JNI_MONITOR,
        HprofTag.ROOT_THREAD_OBJECT
      },
      {1, 4, HprofTag.ROOT_NATIVE_STACK, HprofTag.ROOT_THREAD_BLOCK, HprofTag.HEAP_DUMP_INFO},
    };
    for (int[] group : idsAndExtra) {
      for (int i = 2; i < group.length; i++) {
        ROOT_BODY_IDS[group[i]] = (byte) group[0];
        ROOT_BODY_EXTRA[group[i]] = (byte) group[1];
      }
    }
  }

  /** The progress phase of the first pass, which finds the names the dump refers to. */
  public static final String NAMES_PHASE = "finding names";

  /** The progress phase of the second pass, which writes the copy. */
  public static final String PHASE = "redacting";

  /**
   * How to redact.
   *
   * @param zeroPrimitiveFields also zero primitive instance and static field values, except the few
   *     the analysis reads (see {@link FieldRedaction})
   * @param gzip write the copy as chunked gzip (as {@code jcmd GC.heap_dump -gz=1} does), which
   *     leakscope reads with random access; plain HPROF otherwise
   */
  public record Options(boolean zeroPrimitiveFields, boolean gzip) {
    /** Arrays and hash codes zeroed, plain HPROF output. */
    public static Options defaults() {
      return new Options(false, false);
    }
  }

  private final HprofFile file;
  private final RecordInput in;
  private final RedactedOutput out;
  private final FieldRedaction fields;
  private final ProgressListener progress;
  private final int idSize;
  private final long[] referencedNames;
  private final byte[] scratch = new byte[1 << 16];
  private final long[] arrays = new long[HprofTag.TYPE_LONG + 1];
  private final long[] arrayBytes = new long[HprofTag.TYPE_LONG + 1];
  private final long[] zeroedFields = new long[2];
  private long staticFields;
  private long names;
  private long notInspected;
  private long nextProgress;

  private HprofRedactor(
      HprofFile file,
      long[] referencedNames,
      RecordInput in,
      RedactedOutput out,
      Options options,
      ProgressListener progress) {
    this.file = file;
    this.referencedNames = referencedNames;
    this.in = in;
    this.out = out;
    this.progress = progress;
    this.idSize = file.header().idSize();
    this.fields = new FieldRedaction(options.zeroPrimitiveFields(), idSize);
  }

  /**
   * Writes a redacted copy of {@code dump} (plain or gzip HPROF) to {@code out}, which is flushed
   * but not closed. Reads the dump twice from start to end ({@link ReferencedNames}, then the
   * copy); a single-member gzip dump is inflated on the fly each time, without a temporary file. On
   * an exception part of the copy may have been written: discard it.
   *
   * @param progress receives {@link #NAMES_PHASE}, then {@link #PHASE}, with uncompressed bytes
   *     done (total -1 while unknown, for gzip input)
   * @throws HprofFormatException if {@code dump} is not a well-formed HPROF file (also when it is
   *     truncated), naming the offset
   * @throws IOException if reading or writing fails
   */
  public static RedactionReport redact(
      Path dump, OutputStream out, Options options, ProgressListener progress) throws IOException {
    try (HprofFile file = HprofFile.openForOnePass(dump)) {
      long[] names = ReferencedNames.collect(file, progress, NAMES_PHASE);
      try (RecordInput in = file.openPass(0, BUFFER)) {
        return redact(file, names, in, out, options, progress);
      }
    }
  }

  private static RedactionReport redact(
      HprofFile file,
      long[] names,
      RecordInput in,
      OutputStream out,
      Options options,
      ProgressListener progress)
      throws IOException {
    RedactionReport report;
    if (options.gzip()) {
      // closing writes the last member and leaves out open
      try (OutputStream gzip =
          new ChunkedGzipOutputStream(new UnclosedOutputStream(out), GZIP_CHUNK, GZIP_LEVEL)) {
        report =
            new HprofRedactor(file, names, in, new RedactedOutput(gzip), options, progress).run();
      }
    } else {
      report = new HprofRedactor(file, names, in, new RedactedOutput(out), options, progress).run();
    }
    out.flush();
    return report;
  }

  private RedactionReport run() throws IOException {
    long known = file.length();
    copy(file.header().length());
    while (!in.atEnd()) {
      long start = in.position();
      in.context("record", start);
      int tag = in.u1();
      out.u1(tag);
      out.u4(in.u4()); // time offset
      long len = in.u4() & 0xffffffffL;
      out.u4((int) len);
      long end = start + 9 + len;
      String name = HprofTag.recordName(tag);
      in.context(name, start);
      if (known >= 0 && end > known) {
        throw new HprofFormatException(
            start,
            name,
            "length " + len + " runs past end of file (0x" + Long.toHexString(known) + ")");
      }
      if (tag == HprofTag.UTF8 && len >= idSize) {
        utf8(len - idSize);
      } else if (tag == HprofTag.LOAD_CLASS && len == 8 + 2L * idSize) {
        out.u4(in.u4());
        long classId = copyId();
        out.u4(in.u4());
        fields.loadClass(classId, copyId());
      } else if (tag == HprofTag.HEAP_DUMP || tag == HprofTag.HEAP_DUMP_SEGMENT) {
        heap(name, start, end);
      } else {
        copy(len);
      }
      if (in.position() != end) {
        throw new HprofFormatException(
            start,
            name,
            "length " + len + " but its content ends at 0x" + Long.toHexString(in.position()));
      }
      reportProgress(end, known);
    }
    out.flush();
    if (out.written() != in.position()) {
      throw new IllegalStateException(
          "wrote " + out.written() + " bytes for a dump of " + in.position());
    }
    progress.update(PHASE, 1, 1);
    return report(in.position());
  }

  /** A name the structure refers to is copied; any other symbol's text is zeroed. */
  private void utf8(long length) throws IOException {
    long id = copyId();
    if (!ReferencedNames.contains(referencedNames, id)) {
      zero(length);
      names++;
    } else if (length <= FieldRedaction.longestName()) {
      int n = (int) length;
      in.readFully(scratch, 0, n);
      out.bytes(scratch, 0, n);
      fields.utf8(id, scratch, n);
    } else {
      copy(length);
    }
  }

  private void heap(String name, long start, long end) throws IOException {
    while (in.position() < end) {
      long sub = in.position();
      int st = in.u1();
      out.u1(st);
      in.subContext(st, sub);
      switch (st) {
        case HprofTag.CLASS_DUMP:
          classDump(sub, end);
          break;
        case HprofTag.INSTANCE_DUMP:
          instanceDump(sub, end);
          break;
        case HprofTag.OBJ_ARRAY_DUMP:
          {
            copy(idSize + 4);
            long n = length(sub);
            copyId();
            copy(inside(sub, n * idSize, end, "array length " + n));
            break;
          }
        case HprofTag.PRIM_ARRAY_DUMP:
        case HprofTag.PRIMITIVE_ARRAY_NODATA:
          primitiveArray(st, sub, name, start, end);
          break;
        default:
          int size = rootBodySize(st);
          if (size < 0) {
            throw new HprofFormatException(
                sub,
                name + " at 0x" + Long.toHexString(start) + ":",
                String.format("unknown sub-record tag 0x%02X", st));
          }
          copy(size);
      }
      if (in.position() > end) {
        throw new HprofFormatException(
            sub,
            name + " at 0x" + Long.toHexString(start) + ":",
            HprofTag.subRecordName(st)
                + " runs past the end of its record (0x"
                + Long.toHexString(end)
                + ")");
      }
      reportProgress(in.position(), file.length());
    }
  }

  /** Body size of a GC root or HEAP_DUMP_INFO sub-record, or -1 for a tag that is none of them. */
  private int rootBodySize(int tag) {
    if (tag >= 0 && tag < ROOT_BODY_IDS.length && ROOT_BODY_IDS[tag] > 0) {
      return ROOT_BODY_IDS[tag] * idSize + ROOT_BODY_EXTRA[tag];
    }
    return -1;
  }

  private void classDump(long sub, long end) throws IOException {
    long classId = copyId();
    out.u4(in.u4()); // stack trace serial
    long superId = copyId();
    copy(5L * idSize + 4); // loader, signers, protection domain, 2 reserved; instance size
    int constants = copyU2();
    for (int i = 0; i < constants; i++) {
      out.u2(in.u2());
      staticValue(sub);
    }
    int statics = copyU2();
    inside(sub, (long) statics * (idSize + 2), end, statics + " static fields");
    for (int i = 0; i < statics; i++) {
      copyId();
      staticValue(sub);
    }
    int declared = copyU2();
    inside(sub, (long) declared * (idSize + 1), end, declared + " instance fields");
    long[] names = new long[declared];
    byte[] types = new byte[declared];
    for (int i = 0; i < declared; i++) {
      names[i] = copyId();
      int type = in.u1();
      out.u1(type);
      types[i] = (byte) checkType(sub, type);
    }
    fields.classDump(classId, superId, names, types);
  }

  /** A static field's or constant's type and value, zeroed if the options say so. */
  private void staticValue(long sub) throws IOException {
    int type = in.u1();
    out.u1(type);
    int size = HprofTag.valueSize(checkType(sub, type), idSize);
    if (fields.zeroesStatic(type)) {
      zero(size);
      staticFields++;
    } else {
      copy(size);
    }
  }

  private void instanceDump(long sub, long end) throws IOException {
    copy(idSize + 4); // id, stack trace serial
    long classId = copyId();
    long n = inside(sub, length(sub), end, "field bytes");
    int[] ranges = fields.ranges(classId, n);
    if (ranges == null) {
      notInspected++;
      copy(n);
      return;
    }
    long done = 0;
    for (int i = 0; i < ranges.length; i += 3) {
      copy(ranges[i] - done);
      zero(ranges[i + 1]);
      zeroedFields[ranges[i + 2]]++;
      done = (long) ranges[i] + ranges[i + 1];
    }
    copy(n - done);
  }

  private void primitiveArray(int st, long sub, String name, long start, long end)
      throws IOException {
    copy(idSize + 4); // id, stack trace serial
    long n = length(sub);
    int type = in.u1();
    out.u1(type);
    int size = HprofTag.valueSize(type, idSize);
    if (size < 0 || type == HprofTag.TYPE_OBJECT) {
      throw new HprofFormatException(
          sub,
          name + " at 0x" + Long.toHexString(start) + ":",
          "unknown primitive array type " + type);
    }
    if (st == HprofTag.PRIM_ARRAY_DUMP) {
      long bytes = inside(sub, n * size, end, "array length " + n);
      zero(bytes);
      arrays[type]++;
      arrayBytes[type] += bytes;
    }
  }

  /** A u4 array length or field byte count, copied; Java never has more than 2^31-1. */
  private long length(long sub) throws IOException {
    long n = in.u4() & 0xffffffffL;
    out.u4((int) n);
    if (n > Integer.MAX_VALUE) {
      throw new HprofFormatException(
          sub, "sub-record", "length " + n + " (expected: at most 2^31-1)");
    }
    return n;
  }

  /** Returns {@code bytes} after checking that so many bytes from here stay inside the record. */
  private long inside(long sub, long bytes, long end, String what) throws HprofFormatException {
    if (in.position() + bytes > end) {
      throw new HprofFormatException(
          sub,
          "sub-record",
          what + " runs past the end of its record (0x" + Long.toHexString(end) + ")");
    }
    return bytes;
  }

  private int checkType(long sub, int type) throws HprofFormatException {
    if (HprofTag.valueSize(type, idSize) < 0) {
      throw new HprofFormatException(
          sub,
          "CLASS_DUMP",
          "unknown basic type " + type + " at 0x" + Long.toHexString(in.position() - 1));
    }
    return type;
  }

  private long copyId() throws IOException {
    long id = in.id();
    out.id(id, idSize);
    return id;
  }

  private int copyU2() throws IOException {
    int v = in.u2();
    out.u2(v);
    return v;
  }

  private void copy(long n) throws IOException {
    while (n > 0) {
      int k = (int) Math.min(n, scratch.length);
      in.readFully(scratch, 0, k);
      out.bytes(scratch, 0, k);
      n -= k;
    }
  }

  private void zero(long n) throws IOException {
    in.skip(n);
    out.zeros(n);
  }

  private void reportProgress(long position, long total) {
    if (position >= nextProgress) {
      nextProgress = position + PROGRESS_STEP;
      progress.update(PHASE, position, total);
    }
  }

  private RedactionReport report(long dumpBytes) {
    List<RedactionReport.ArrayTotal> totals = new ArrayList<>();
    for (int type = 0; type < arrays.length; type++) {
      if (arrays[type] > 0) {
        totals.add(
            new RedactionReport.ArrayTotal(
                // only primitive arrays are counted, and each has a name
                java.util.Objects.requireNonNull(HprofTag.primitiveName(type)),
                arrays[type],
                arrayBytes[type]));
      }
    }
    return new RedactionReport(
        dumpBytes,
        totals,
        zeroedFields[FieldRedaction.HASH_FIELD],
        zeroedFields[FieldRedaction.PRIMITIVE_FIELD],
        staticFields,
        names,
        notInspected);
  }
}
