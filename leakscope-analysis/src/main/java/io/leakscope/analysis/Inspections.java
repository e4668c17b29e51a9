package io.leakscope.analysis;

import io.leakscope.analysis.report.Inspection;
import io.leakscope.analysis.report.InspectionHolder;
import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.RecordInput;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Memory waste that is not a leak: duplicate strings, empty and sparse collections, collections of
 * boxed numbers, each with the fields that hold most of it.
 *
 * <p>Design note. Everything per object lives in primitive arrays and bit sets; dump contents are
 * read through a {@link Window} that moves forward, in file order wherever the work allows it.
 *
 * <ul>
 *   <li><b>Duplicate strings.</b> One pass in id order (file order) takes each reachable {@code
 *       String}, reads its {@code coder} and hashes its value array's bytes (64 bits,
 *       murmur-style, with element type and length). The array is read from the same window: it
 *       is the String's neighbour in the dump nearly always (a stray one costs a read of its own,
 *       and an array that several Strings share is hashed for each). The key mixes the hash with
 *       the coder through a bijection, so equal bytes under different coders never share a key.
 *       Keys that repeat are found without sorting them all: a bit set of 8 buckets per String
 *       marks buckets hit twice, and only the keys in those (about an eighth of unique ones) are
 *       sorted. Strings with a repeated key form runs; within a run they are ordered by value
 *       array, so a shared array is charged once: a run of {@code k} Strings over {@code m}
 *       distinct arrays wastes {@code (k-1)} Strings and {@code (m-1)} arrays. The runs shown as
 *       examples are confirmed by comparing their arrays' bytes; a run that turns out to mix
 *       contents (a hash collision) is split into its true groups, and the holders are summed
 *       again, before anything is reported. Runs that are not shown rest on the 64-bit hash:
 *       with {@code S} Strings a false pair has probability about {@code S²/2⁶⁵} (10⁻⁶ for five
 *       million).
 *   <li><b>Collections</b> ({@code ArrayList}, {@code Vector}, {@code ArrayDeque}, {@code HashMap},
 *       {@code Hashtable}, {@code ConcurrentHashMap}, {@code HashSet} and their subclasses) are
 *       judged from the graph: the backing array is the collection's edge to an array of the
 *       expected class, its used slots are its non-null edges. Only candidates cost a read: the
 *       array's exact length, and for lists the {@code size} field (a list may hold nulls). An
 *       empty collection wastes its array; one with no array (lazily allocated, or the JDK's
 *       shared empty array) wastes nothing, since its own few bytes are what a field costs and
 *       flagging it would flag every lazily initialised collection. A collection is sparse when
 *       its array has more than 16 slots and fewer than a quarter are used; the unused slots are
 *       wasted. Boxed numbers are counted in list arrays and in hash-map nodes (found by walking
 *       each table's chains and trees): a box wastes its slot minus the primitive it holds, plus
 *       its own size the first time it is seen (cached boxes are shared).
 *   <li><b>Holders.</b> The targets (duplicate Strings, wasteful collections) are marked in a bit
 *       set and every reachable object's references are scanned once, highest id first; the
 *       first referrer found of each target is kept and the target unmarked. A referrer that is
 *       collection plumbing (an object array, a {@code java.util} collection or its nodes) is not
 *       a useful answer, so it is marked in turn and looked up further in the same scan: objects
 *       are mostly allocated after what refers to them, so the scan from the top finds most
 *       referrers of a new mark below it. Marks the scan passed are looked up by another scan, at
 *       most {@value #MAX_SCANS} scans in all and {@value #MAX_CLIMB} plumbing levels. The holder
 *       is named after the last link: {@code DeclaringClass.field}, {@code Class.field} for a
 *       static, or the array class when an array held by a GC root is the end. A link's field is
 *       known without reading when the referrer's class has as many reference fields as it has
 *       edges; otherwise the referrer is read once (links are resolved in file order).
 * </ul>
 *
 * <p>Memory, in bytes: per object of the dump, one bit for each of up to three bit sets at a time
 * (marks, visited map nodes, boxes seen), plus a 64 K-bit filter. Per String in the dump 12 (id 4,
 * key 8) and 2 for the two bucket bit sets while keys are made; then per candidate key 16, per
 * duplicate String 4 and per run 17. Per target of the holder search 20 (id, referrer, link
 * position, link 8); per plumbing object on the way about 30 (four list entries and a hash-map
 * slot). Per collection finding 32. Two 256 KB windows. Nothing per object is a Java object. On
 * the 30-million-object benchmark dump (3.4 million Strings) that is about 60 MB at the peak, less
 * than the 8 bytes per object the path search after it allocates.
 *
 * <p>The class is long because the four inspections share the reading and holder machinery; they
 * are separate nested classes.
 */
final class Inspections {
  static final int TOP_HOLDERS = 5;
  static final int EXAMPLE_CHARS = 60;
  /** Arrays of at most this many slots are never called sparse. */
  static final int SPARSE_MIN_CAPACITY = 16;
  /** A holder of boxed numbers is reported from this many boxes on. */
  static final int BOXED_MIN_PER_HOLDER = 100;

  static final int MAX_CLIMB = 8;
  static final int MAX_SCANS = 4;
  static final String ROOT_HOLDER = "<GC root>";

  private Inspections() {}

  /**
   * Runs every inspection over the reachable objects.
   *
   * @param reachable which objects are reachable from GC roots; only those are inspected or count
   *     as holders
   * @return the inspections that found something, most wasted bytes first
   */
  static List<Inspection> run(HeapIndex index, IntPredicate reachable, ProgressListener progress)
      throws IOException {
    return run(index, reachable, progress, -1L);
  }

  /**
   * As {@link #run(HeapIndex, IntPredicate, ProgressListener)}, with the content hash of string
   * value arrays ANDed with {@code hashMask}: a test hook to force collisions ({@code 0} makes every
   * array hash alike).
   */
  static List<Inspection> run(
      HeapIndex index, IntPredicate reachable, ProgressListener progress, long hashMask)
      throws IOException {
    try (Context cx = new Context(index, reachable, progress)) {
      DuplicateStrings dups = DuplicateStrings.find(cx, hashMask);
      cx.step();
      CollectionWaste waste = CollectionWaste.find(cx);
      cx.step();
      Holders holders = Holders.find(cx, union(dups.members(), waste.targets()));
      List<Inspection> out = new ArrayList<>();
      addIfFound(out, dups.inspection(holders));
      addIfFound(out, waste.empty.inspection(holders, 0));
      addIfFound(out, waste.sparse.inspection(holders, 0));
      addIfFound(out, waste.boxed.inspection(holders, BOXED_MIN_PER_HOLDER));
      out.sort(Comparator.comparingLong(Inspection::wastedBytes).reversed());
      return out;
    }
  }

  private static void addIfFound(List<Inspection> out, Inspection i) {
    if (i != null && i.objects() > 0) {
      out.add(i);
    }
  }

  private static int[] union(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    Arrays.sort(all);
    int k = 0;
    for (int i = 0; i < all.length; i++) {
      if (k == 0 || all[k - 1] != all[i]) {
        all[k++] = all[i];
      }
    }
    return Arrays.copyOf(all, k);
  }

  // ---------------------------------------------------------------------------------------------
  // Shared state: the index, class tables, read windows, progress

  /** What the inspections share: the index, per-class facts, two read windows and progress. */
  private static final class Context implements Closeable {
    static final int STEPS = 2 + MAX_SCANS;
    static final String[] BOXES = {
      "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float",
      "java.lang.Short", "java.lang.Byte", "java.lang.Character"
    };
    static final int[] BOX_BYTES = {4, 8, 8, 4, 2, 1, 2};

    final HeapIndex index;
    final ReferenceGraph g;
    final IntPredicate reachable;
    final ProgressListener progress;
    final int n;
    final int[] classOf;
    final int refBytes;
    final int idSize;
    final boolean[] string;
    final boolean[] plumbing;
    final boolean[] hashNode;
    final byte[] boxBytes;
    final Window records;
    final Window arrays;
    /** Bytes before the field data of an INSTANCE_DUMP, and before the elements of a PRIM_ARRAY_DUMP. */
    final int instanceHeader;
    final int arrayHeader;
    private int step;

    Context(HeapIndex index, IntPredicate reachable, ProgressListener progress) {
      this.index = index;
      this.g = index.graph();
      this.reachable = reachable;
      this.progress = progress;
      this.n = index.objectCount();
      this.classOf = index.classIndexArray();
      this.refBytes = index.layout().referenceBytes();
      this.idSize = index.file().header().idSize();
      int classes = index.classCount();
      string = new boolean[classes];
      plumbing = new boolean[classes];
      hashNode = new boolean[classes];
      boxBytes = new byte[classes];
      for (int c = 0; c < classes; c++) {
        HeapClass k = index.heapClass(c);
        String name = k.name();
        string[c] = name.equals("java.lang.String");
        plumbing[c] = k.elementType() == HprofTag.TYPE_OBJECT || isCollectionClass(name);
        hashNode[c] = HASH_NODES.contains(name);
        int box = Arrays.asList(BOXES).indexOf(name);
        boxBytes[c] = (byte) (box < 0 ? 0 : BOX_BYTES[box]);
      }
      records = new Window(index.file());
      arrays = new Window(index.file());
      instanceHeader = 1 + idSize + 4 + idSize + 4;
      arrayHeader = 1 + idSize + 4 + 4 + 1;
    }

    static final List<String> HASH_NODES =
        List.of(
            "java.util.HashMap$Node",
            "java.util.HashMap$TreeNode",
            "java.util.LinkedHashMap$Entry",
            "java.util.Hashtable$Entry",
            "java.util.concurrent.ConcurrentHashMap$Node",
            "java.util.concurrent.ConcurrentHashMap$TreeNode",
            "java.util.concurrent.ConcurrentHashMap$TreeBin");

    /**
     * JDK collections and their parts: {@code java.util} classes whose simple name (or a nested
     * part of it) is a list, map, set, queue, node or entry, and the {@code Collections}, {@code
     * ImmutableCollections} and {@code Arrays} wrappers.
     */
    static boolean isCollectionClass(String name) {
      if (!name.startsWith("java.util.") || name.endsWith("[]")) {
        return false;
      }
      String simple = name.substring(name.lastIndexOf('.') + 1);
      for (String part : simple.split("\\$")) {
        if (part.endsWith("List") || part.endsWith("Map") || part.endsWith("Set")
            || part.endsWith("Queue") || part.endsWith("Deque") || part.endsWith("Vector")
            || part.equals("Stack") || part.equals("Hashtable") || part.endsWith("Node")
            || part.endsWith("Entry") || part.equals("TreeBin") || part.equals("Collections")
            || part.equals("ImmutableCollections") || part.equals("Arrays")) {
          return true;
        }
      }
      return false;
    }

    void step() {
      step++;
    }

    /** Reports progress within the current step; cheap enough to call every few thousand ids. */
    void progress(long doneInStep) {
      long total = (long) STEPS * n;
      progress.update("inspections", Math.min(total, (long) step * n + doneInStep), total);
    }

    HeapClass classOfObject(int id) {
      return index.heapClass(classOf[id]);
    }

    int edgeCount(int v) {
      return g.endEdge(v) - g.firstEdge(v);
    }

    /** Byte offset of field {@code field} declared by {@code declaring} in an instance's field data, or -1. */
    int fieldOffset(int classIndex, String declaring, String field) {
      int off = 0;
      HeapClass k = index.heapClass(classIndex);
      for (int depth = 0; k != null && depth < 1000; depth++) {
        String[] names = k.fieldNames();
        byte[] types = k.fieldTypes();
        for (int i = 0; i < names.length; i++) {
          if (names[i].equals(field) && k.name().equals(declaring)) {
            return off;
          }
          off += HprofTag.valueSize(types[i], idSize);
        }
        k = k.superIndex() >= 0 ? index.heapClass(k.superIndex()) : null;
      }
      return -1;
    }

    /**
     * Offsets of the followed reference fields in an instance's field data, in the order of
     * {@link HeapClass#referenceFieldName}: every reference field except {@code Reference.referent}.
     */
    int[] referenceOffsets(int classIndex) {
      IntList offs = new IntList();
      int off = 0;
      HeapClass k = index.heapClass(classIndex);
      for (int depth = 0; k != null && depth < 1000; depth++) {
        boolean reference = k.name().equals("java.lang.ref.Reference");
        String[] names = k.fieldNames();
        byte[] types = k.fieldTypes();
        for (int i = 0; i < names.length; i++) {
          if (types[i] == HprofTag.TYPE_OBJECT && !(reference && names[i].equals("referent"))) {
            offs.add(off);
          }
          off += HprofTag.valueSize(types[i], idSize);
        }
        k = k.superIndex() >= 0 ? index.heapClass(k.superIndex()) : null;
      }
      return offs.toArray();
    }

    /**
     * Reads {@code bytes} (1 or 4) at {@code fieldOffset} of instance {@code id}'s field data,
     * unsigned, or -1 if the record is not an instance or is too short.
     */
    long readField(Window w, int id, int fieldOffset, int bytes) throws IOException {
      long offset = index.offset(id);
      int i = w.at(offset, instanceHeader);
      if (w.u1(i) != HprofTag.INSTANCE_DUMP) {
        return -1;
      }
      long length = w.u4(i + instanceHeader - 4) & 0xffffffffL;
      if (fieldOffset < 0 || fieldOffset + bytes > length) {
        return -1;
      }
      int j = w.at(offset + instanceHeader + fieldOffset, bytes);
      return bytes == 1 ? w.u1(j) : w.u4(j) & 0xffffffffL;
    }

    /** Length of array {@code id}, read from its record, or -1 if it is not an array. */
    int arrayLength(int id) throws IOException {
      int i = arrays.at(index.offset(id), 1 + idSize + 8);
      int tag = arrays.u1(i);
      if (tag != HprofTag.OBJ_ARRAY_DUMP && tag != HprofTag.PRIM_ARRAY_DUMP) {
        return -1;
      }
      return arrays.u4(i + 1 + idSize + 4);
    }

    @Override
    public void close() throws IOException {
      try {
        records.close();
      } finally {
        arrays.close();
      }
    }
  }

  /**
   * A window of the dump's bytes for reading many small records: a request inside the window is
   * an array access; one outside refills it from there, skipping ahead on the open stream when the
   * gap is small (or the file is gzip, where reopening inflates from a member start) and reopening
   * otherwise. Reading objects in id order, which is file order, is thus one sequential pass.
   */
  private static final class Window implements Closeable {
    private static final int SIZE = 256 * 1024;
    private static final long MAX_SKIP = 1 << 20;
    private static final int BACK = 4 * 1024;
    private static final int AHEAD = 64 * 1024;
    private final HprofFile file;
    private final int idSize;
    private RecordInput in;
    final byte[] buf = new byte[SIZE];
    private long start;
    private int length;

    Window(HprofFile file) {
      this.file = file;
      this.idSize = file.header().idSize();
    }

    /** Whether {@code offset} is in the window or a short way ahead of it. */
    boolean near(long offset) {
      return offset >= start && offset < start + length + AHEAD;
    }

    /**
     * Index in {@link #buf} of the byte at {@code offset}, with {@code need} (at most 64 KB) after
     * it. A refill keeps up to {@link #BACK} bytes before {@code offset} when it can: a String's
     * value array is often just before it.
     */
    int at(long offset, int need) throws IOException {
      if (offset >= start && offset + need <= start + length) {
        return (int) (offset - start);
      }
      long end = start + length;
      if (in != null && offset >= start && offset <= end && in.position() == end) {
        // a record across the window's end: keep it and what precedes it, read on
        long from = Math.max(start, offset - BACK);
        int keep = (int) (end - from);
        System.arraycopy(buf, (int) (from - start), buf, 0, keep);
        long left = file.length() < 0 ? offset + need - end : file.length() - end;
        int more = (int) Math.max(offset + need - end, Math.min(buf.length - keep, left));
        start = from;
        length = 0;
        in.readFully(buf, keep, more);
        length = keep + more;
        return (int) (offset - from);
      }
      long from = offset;
      if (in != null) {
        long p = in.position();
        if (p <= offset && (offset - p <= MAX_SKIP || file.compressed())) {
          from = Math.max(p, offset - BACK);
          in.skip(from - p);
        } else {
          in.close();
          in = null;
        }
      }
      if (in == null) {
        in = file.open(from, 64 * 1024);
      }
      long left = file.length() < 0 ? offset + need - from : file.length() - from;
      int n = (int) Math.max(offset + need - from, Math.min(buf.length, left));
      start = from;
      length = 0; // stays empty if the read below fails
      in.readFully(buf, 0, n);
      length = n;
      return (int) (offset - from);
    }

    int u1(int i) {
      return buf[i] & 0xff;
    }

    int u4(int i) {
      return (buf[i] & 0xff) << 24 | (buf[i + 1] & 0xff) << 16 | (buf[i + 2] & 0xff) << 8 | (buf[i + 3] & 0xff);
    }

    long id(int i) {
      if (idSize == 4) {
        return u4(i) & 0xffffffffL;
      }
      return (long) u4(i) << 32 | (u4(i + 4) & 0xffffffffL);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
        in = null;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Duplicate strings

  private static final class DuplicateStrings {
    private static final long CODER_SALT = 0x9e3779b97f4a7c15L;

    private final Context cx;
    /** Strings of the duplicate runs, run after run, each run ordered by value array then id. */
    private int[] members;
    /** Run r is {@code members[starts[r] .. starts[r+1])}. */
    private int[] starts;
    private long[] runWaste;
    private boolean[] verified;
    /** Bytes hashed per window request; a multiple of 8 so that words never straddle chunks. */
    private static final int CHUNK = 64 * 1024;

    private DuplicateStrings(Context cx) {
      this.cx = cx;
    }

    /** The String's value array ({@code byte[]} or {@code char[]}), or -1. */
    static int valueArray(Context cx, int s) {
      for (int e = cx.g.firstEdge(s); e < cx.g.endEdge(s); e++) {
        int t = cx.g.target(e);
        HeapClass c = cx.classOfObject(t);
        if (c.elementType() == HprofTag.TYPE_BYTE || c.elementType() == HprofTag.TYPE_CHAR) {
          return t;
        }
      }
      return -1;
    }

    static DuplicateStrings find(Context cx, long hashMask) throws IOException {
      DuplicateStrings d = new DuplicateStrings(cx);
      long upper = 0;
      for (int c = 0; c < cx.string.length; c++) {
        upper += cx.string[c] ? cx.index.instanceCount(c) : 0;
      }
      int[] ids = new int[Math.toIntExact(upper)];
      long[] keys = new long[ids.length];
      // a key can repeat only if its bucket (8 per String) is hit twice: only those are sorted
      int bits = Integer.highestOneBit((int) Math.max(64, Math.min(1 << 30, 8 * upper)));
      int shift = 64 - Integer.numberOfTrailingZeros(bits);
      Bits once = new Bits(bits);
      Bits twice = new Bits(bits);
      int[] coderOffset = new int[cx.index.classCount()];
      Arrays.fill(coderOffset, -2);
      int count = 0;
      for (int v = 0; v < cx.n; v++) {
        int c = cx.classOf[v];
        if (!cx.string[c] || !cx.reachable.test(v)) {
          continue;
        }
        int a = valueArray(cx, v);
        if (a < 0) {
          continue;
        }
        if (coderOffset[c] == -2) {
          coderOffset[c] = cx.fieldOffset(c, "java.lang.String", "coder");
        }
        // the coder is part of the text: equal bytes under another coder are another text
        boolean utf16 = coderOffset[c] >= 0 && cx.readField(cx.records, v, coderOffset[c], 1) == 1;
        long key = fmix((d.hashArray(a) & hashMask) ^ (utf16 ? CODER_SALT : 0));
        ids[count] = v;
        keys[count++] = key;
        int b = (int) (key >>> shift);
        if (once.get(b)) {
          twice.set(b);
        } else {
          once.set(b);
        }
        if ((count & 0xFFFF) == 0) {
          cx.progress(v);
        }
      }
      once = null;
      d.collectRuns(keys, ids, count, twice, shift);
      return d;
    }

    /** 64-bit hash of a primitive array's type, length and bytes. */
    private long hashArray(int a) throws IOException {
      long offset = cx.index.offset(a);
      // the sweep's window when the array is its neighbour, else the window for stray reads
      Window w = cx.records.near(offset) ? cx.records : cx.arrays;
      int i = w.at(offset, cx.arrayHeader);
      if (w.u1(i) != HprofTag.PRIM_ARRAY_DUMP) {
        return a; // not readable as an array: a key of its own
      }
      int type = w.u1(i + cx.arrayHeader - 1);
      long bytes = (w.u4(i + cx.arrayHeader - 5) & 0xffffffffL) * HprofTag.valueSize(type, cx.idSize);
      long h = 0x243f6a8885a308d3L ^ (type * 0xff51afd7ed558ccdL);
      for (long done = 0; done < bytes; ) {
        int chunk = (int) Math.min(bytes - done, CHUNK);
        h = hash(h, w.buf, w.at(offset + cx.arrayHeader + done, chunk), chunk);
        done += chunk;
      }
      return fmix(h ^ bytes);
    }

    /** Murmur3-style rounds over little-endian 8-byte words of {@code b[from, from+len)}. */
    static long hash(long h, byte[] b, int from, int len) {
      int i = from;
      int end = from + len;
      for (; i + 8 <= end; i += 8) {
        h =
            round(
                h,
                (b[i] & 0xffL)
                    | (b[i + 1] & 0xffL) << 8
                    | (b[i + 2] & 0xffL) << 16
                    | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32
                    | (b[i + 5] & 0xffL) << 40
                    | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56);
      }
      if (i < end) {
        long w = 0;
        for (int j = end - 1; j >= i; j--) {
          w = (w << 8) | (b[j] & 0xffL);
        }
        h = round(h, w);
      }
      return h;
    }

    private static long round(long h, long w) {
      w *= 0x87c37b91114253d5L;
      w = Long.rotateLeft(w, 31);
      w *= 0x4cf5ad432745937fL;
      h ^= w;
      return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
    }

    static long fmix(long h) {
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      return h ^ (h >>> 33);
    }

    /**
     * Keeps the Strings whose key occurs twice or more, grouped into runs by key, each run ordered
     * by value array. The keys that repeat are found by sorting a copy of the keys; the Strings are
     * then placed into their runs by counting, so no (key, id) pairs are sorted.
     */
    private void collectRuns(long[] keys, int[] ids, int count, Bits twice, int shift) {
      IntList candidates = new IntList();
      for (int i = 0; i < count; i++) {
        if (twice.get((int) (keys[i] >>> shift))) {
          candidates.add(i);
        }
      }
      long[] sorted = new long[candidates.size()];
      for (int c = 0; c < sorted.length; c++) {
        sorted[c] = keys[candidates.get(c)];
      }
      Arrays.sort(sorted);
      int distinct = 0;
      for (int i = 0; i + 1 < sorted.length; i++) {
        if (sorted[i + 1] == sorted[i] && (distinct == 0 || sorted[distinct - 1] != sorted[i])) {
          sorted[distinct++] = sorted[i];
        }
      }
      long[] repeated = Arrays.copyOf(sorted, distinct);
      sorted = null;
      starts = new int[distinct + 1];
      int[] runOf = new int[candidates.size()];
      for (int c = 0; c < runOf.length; c++) {
        runOf[c] = Arrays.binarySearch(repeated, keys[candidates.get(c)]);
        if (runOf[c] >= 0) {
          starts[runOf[c] + 1]++;
        }
      }
      for (int r = 0; r < distinct; r++) {
        starts[r + 1] += starts[r];
      }
      members = new int[starts[distinct]];
      int[] fill = Arrays.copyOf(starts, distinct);
      for (int c = 0; c < runOf.length; c++) {
        if (runOf[c] >= 0) {
          members[fill[runOf[c]]++] = ids[candidates.get(c)];
        }
      }
      for (int r = 0; r < distinct; r++) {
        orderByValueArray(starts[r], starts[r + 1]);
      }
      verified = new boolean[distinct];
      computeRunWaste();
    }

    private void orderByValueArray(int from, int to) {
      long[] packed = new long[to - from];
      for (int j = from; j < to; j++) {
        packed[j - from] = ((long) valueArray(cx, members[j]) << 32) | members[j];
      }
      Arrays.sort(packed);
      for (int j = from; j < to; j++) {
        members[j] = (int) packed[j - from];
      }
    }

    private void computeRunWaste() {
      runWaste = new long[starts.length - 1];
      for (int r = 0; r < runWaste.length; r++) {
        for (int j = starts[r]; j < starts[r + 1]; j++) {
          runWaste[r] += charge(r, j);
        }
      }
    }

    /**
     * What member {@code j} of run {@code r} wastes: nothing for the first; the String for the
     * others, and its array unless the previous member (same order) shares it.
     */
    private long charge(int r, int j) {
      if (j == starts[r]) {
        return 0;
      }
      int s = members[j];
      int a = valueArray(cx, s);
      long c = cx.index.shallowSize(s);
      if (a != valueArray(cx, members[j - 1])) {
        c += cx.index.shallowSize(a);
      }
      return c;
    }

    int[] members() {
      int[] sorted = members.clone();
      Arrays.sort(sorted);
      return sorted;
    }

    Inspection inspection(Holders holders) throws IOException {
      for (int attempt = 0; ; attempt++) {
        Map<Integer, Totals> byHolder = new HashMap<>();
        for (int r = 0; r < runWaste.length; r++) {
          for (int j = starts[r]; j < starts[r + 1]; j++) {
            Totals t = byHolder.computeIfAbsent(holders.nameIndex(members[j]), h -> new Totals());
            t.objects++;
            t.wasted += charge(r, j);
            if (t.best < 0 || runWaste[r] > t.bestRank) {
              t.best = r;
              t.bestRank = runWaste[r];
            }
          }
        }
        List<Map.Entry<Integer, Totals>> top = Totals.top(byHolder, 0, holders);
        boolean split = false;
        for (Map.Entry<Integer, Totals> e : top) {
          split |= verify(e.getValue().best);
        }
        if (split && attempt < 100) {
          continue; // a hash collision was split: holders and examples may change
        }
        List<InspectionHolder> out = new ArrayList<>();
        for (Map.Entry<Integer, Totals> e : top) {
          Totals t = e.getValue();
          String text = cx.index.readString(members[starts[t.best]], EXAMPLE_CHARS + 1);
          out.add(new InspectionHolder(holders.name(e.getKey()), t.objects, t.wasted, example(text)));
        }
        long wasted = Arrays.stream(runWaste).sum();
        int runs = runWaste.length;
        String title =
            String.format(
                Locale.ROOT,
                "%,d duplicate strings, copies of %,d texts, waste %s",
                members.length,
                runs,
                bytes(wasted));
        return new Inspection("duplicate-strings", title, members.length, wasted, out);
      }
    }

    /**
     * Compares the bytes of run {@code r}'s value arrays. A run of one content is marked verified;
     * a mixed run is replaced by its true groups (those of two or more). Returns whether it split.
     */
    private boolean verify(int r) throws IOException {
      if (verified[r]) {
        return false;
      }
      Map<String, IntList> groups = new LinkedHashMap<>();
      String previousContent = null;
      int previousArray = -1;
      for (int j = starts[r]; j < starts[r + 1]; j++) {
        int a = valueArray(cx, members[j]);
        if (a != previousArray) {
          previousContent = content(a);
          previousArray = a;
        }
        groups.computeIfAbsent(previousContent, c -> new IntList()).add(members[j]);
      }
      if (groups.size() == 1) {
        verified[r] = true;
        return false;
      }
      IntList newMembers = new IntList();
      IntList newStarts = new IntList();
      List<Boolean> newVerified = new ArrayList<>();
      for (int k = 0; k < verified.length; k++) {
        if (k != r) {
          newStarts.add(newMembers.size());
          newVerified.add(verified[k]);
          for (int j = starts[k]; j < starts[k + 1]; j++) {
            newMembers.add(members[j]);
          }
          continue;
        }
        for (IntList group : groups.values()) {
          if (group.size() >= 2) {
            newStarts.add(newMembers.size());
            newVerified.add(true);
            for (int i = 0; i < group.size(); i++) {
              newMembers.add(group.get(i));
            }
          }
        }
      }
      newStarts.add(newMembers.size());
      members = newMembers.toArray();
      starts = newStarts.toArray();
      verified = new boolean[newVerified.size()];
      for (int k = 0; k < verified.length; k++) {
        verified[k] = newVerified.get(k);
      }
      computeRunWaste();
      return true;
    }

    /** A value array's element type and bytes, as a String of ISO-8859-1 chars (one per byte). */
    private String content(int a) throws IOException {
      Window w = cx.arrays;
      long offset = cx.index.offset(a);
      int i = w.at(offset, cx.arrayHeader);
      if (w.u1(i) != HprofTag.PRIM_ARRAY_DUMP) {
        return "?" + a;
      }
      int type = w.u1(i + cx.arrayHeader - 1);
      long length = w.u4(i + cx.arrayHeader - 5) & 0xffffffffL;
      byte[] b = new byte[Math.toIntExact(length * HprofTag.valueSize(type, cx.idSize))];
      for (int done = 0; done < b.length; ) {
        int chunk = Math.min(b.length - done, CHUNK);
        System.arraycopy(w.buf, w.at(offset + cx.arrayHeader + done, chunk), b, done, chunk);
        done += chunk;
      }
      return (char) type + new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The text, cut to {@link #EXAMPLE_CHARS} with an ellipsis, control characters escaped. */
    static String example(String text) {
      if (text == null) {
        return null;
      }
      boolean cut = text.length() > EXAMPLE_CHARS;
      String t = cut ? text.substring(0, EXAMPLE_CHARS) : text;
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (c == '\n') {
          b.append("\\n");
        } else if (c == '\t') {
          b.append("\\t");
        } else if (c == '\r') {
          b.append("\\r");
        } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
          b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      return cut ? b + "…" : b.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Empty, sparse and boxed collections

  private static final class CollectionWaste {
    static final int NONE = 0;
    static final int LIST = 1;
    static final int DEQUE = 2;
    static final int HASH = 3;
    static final int SET = 4;
    static final int BOX_SAMPLE = 8;
    static final Map<String, Integer> FAMILIES =
        Map.of(
            "java.util.ArrayList", LIST,
            "java.util.Vector", LIST,
            "java.util.ArrayDeque", DEQUE,
            "java.util.HashMap", HASH,
            "java.util.Hashtable", HASH,
            "java.util.concurrent.ConcurrentHashMap", HASH,
            "java.util.HashSet", SET);
    static final List<String> TABLES =
        List.of(
            "java.util.HashMap$Node[]",
            "java.util.Hashtable$Entry[]",
            "java.util.concurrent.ConcurrentHashMap$Node[]");

    private final Context cx;
    private final byte[] family;
    /** For list classes: offset of the size field in the field data, or -1. */
    private final int[] sizeOffset;
    private final boolean[] table;
    final Findings empty;
    final Findings sparse;
    final Findings boxed;

    private CollectionWaste(Context cx) {
      this.cx = cx;
      int classes = cx.index.classCount();
      family = new byte[classes];
      sizeOffset = new int[classes];
      table = new boolean[classes];
      for (int c = 0; c < classes; c++) {
        HeapClass k = cx.index.heapClass(c);
        table[c] = TABLES.contains(k.name());
        sizeOffset[c] = -1;
        for (int depth = 0; k != null && depth < 1000; depth++) {
          Integer f = FAMILIES.get(k.name());
          if (f != null) {
            family[c] = f.byteValue();
            if (f == LIST) {
              String field = k.name().equals("java.util.Vector") ? "elementCount" : "size";
              sizeOffset[c] = cx.fieldOffset(c, k.name(), field);
            }
            break;
          }
          k = k.superIndex() >= 0 ? cx.index.heapClass(k.superIndex()) : null;
        }
      }
      empty = new Findings("empty-collections", cx);
      sparse = new Findings("sparse-collections", cx);
      boxed = new Findings("boxed-collections", cx);
    }

    static CollectionWaste find(Context cx) throws IOException {
      CollectionWaste w = new CollectionWaste(cx);
      // a HashSet's map is judged as the set: mark those maps so they are not counted twice
      Bits setMaps = new Bits(cx.n);
      for (int v = 0; v < cx.n; v++) {
        if (w.family[cx.classOf[v]] == SET && cx.reachable.test(v)) {
          int m = w.setMap(v);
          if (m >= 0) {
            setMaps.set(m);
          }
        }
      }
      Bits visited = new Bits(cx.n);
      Bits seenBoxes = new Bits(cx.n);
      for (int v = 0; v < cx.n; v++) {
        int f = w.family[cx.classOf[v]];
        if (f != NONE && !setMaps.get(v) && cx.reachable.test(v)) {
          w.inspect(v, f, visited, seenBoxes);
        }
        if ((v & 0xFFFFF) == 0) {
          cx.progress(v);
        }
      }
      return w;
    }

    private int setMap(int set) {
      for (int e = cx.g.firstEdge(set); e < cx.g.endEdge(set); e++) {
        int t = cx.g.target(e);
        if (family[cx.classOf[t]] == HASH) {
          return t;
        }
      }
      return -1;
    }

    /** The backing array of a collection: its first edge to an array of the expected class, or -1. */
    private int backingArray(int v, int f) {
      for (int e = cx.g.firstEdge(v); e < cx.g.endEdge(v); e++) {
        int t = cx.g.target(e);
        HeapClass c = cx.classOfObject(t);
        boolean fits = f == HASH ? table[c.index()] : c.elementType() == HprofTag.TYPE_OBJECT;
        if (fits) {
          return t;
        }
      }
      return -1;
    }

    private void inspect(int v, int f, Bits visited, Bits seenBoxes) throws IOException {
      int holderOfArray = f == SET ? setMap(v) : v;
      if (holderOfArray < 0) {
        return;
      }
      int array = backingArray(holderOfArray, f == SET ? HASH : f);
      if (array < 0) {
        return; // no array (lazily allocated): nothing wasted
      }
      int used = cx.edgeCount(array);
      countBoxes(v, f, array, visited, seenBoxes);
      long arrayBytes = cx.index.shallowSize(array);
      long slotsUpper = (arrayBytes - cx.index.layout().arrayBase(cx.refBytes)) / cx.refBytes;
      boolean emptyCandidate = used == 0 && slotsUpper > 0;
      boolean sparseCandidate =
          used > 0 && slotsUpper > SPARSE_MIN_CAPACITY && 4L * used < slotsUpper;
      if (!emptyCandidate && !sparseCandidate) {
        return;
      }
      int capacity = cx.arrayLength(array);
      if (f == LIST) {
        // a list may hold nulls: its size field decides
        long size = cx.readField(cx.records, v, sizeOffset[cx.classOf[v]], 4);
        if (size < 0) {
          return;
        }
        used = (int) size;
      }
      if (capacity <= 0 || used > capacity) {
        return;
      }
      // an ArrayDeque always keeps a slot free: its default 17 slots (JDK 9+) hold 16
      int usable = f == DEQUE ? capacity - 1 : capacity;
      if (used == 0) {
        empty.add(v, 1, arrayBytes, capacity, 0);
      } else if (usable > SPARSE_MIN_CAPACITY && 4L * used < capacity) {
        sparse.add(v, 1, (long) (capacity - used) * cx.refBytes, capacity, used);
      }
    }

    /**
     * Boxes held by the list array, or by the nodes of the hash table. A collection is walked
     * only if one of its first {@link #BOX_SAMPLE} elements (or nodes) holds a box: collections of
     * boxed numbers hold nothing else in practice, and looking at the class of every element of
     * every collection costs a cache miss per element.
     */
    private void countBoxes(int v, int f, int array, Bits visited, Bits seenBoxes) {
      long boxes = 0;
      long wasted = 0;
      int boxClass = -1;
      IntList stack = null;
      int nodes = 0;
      int first = cx.g.firstEdge(array);
      for (int e = first; e < cx.g.endEdge(array); e++) {
        int t = cx.g.target(e);
        if (f == LIST || f == DEQUE) {
          if (e - first == BOX_SAMPLE && boxes == 0) {
            return;
          }
          int b = cx.boxBytes[cx.classOf[t]];
          if (b > 0) {
            boxes++;
            wasted += boxWaste(t, b, seenBoxes);
            boxClass = boxClass < 0 ? cx.classOf[t] : boxClass;
          }
          continue;
        }
        if (!cx.hashNode[cx.classOf[t]] || visited.get(t)) {
          continue;
        }
        // a bucket: its chain or tree, depth first
        visited.set(t);
        stack = stack == null ? new IntList() : stack;
        stack.add(t);
        while (stack.size() > 0) {
          int node = stack.pop();
          nodes++;
          for (int ne = cx.g.firstEdge(node); ne < cx.g.endEdge(node); ne++) {
            int x = cx.g.target(ne);
            int c = cx.classOf[x];
            if (cx.boxBytes[c] > 0) {
              boxes++;
              wasted += boxWaste(x, cx.boxBytes[c], seenBoxes);
              boxClass = boxClass < 0 ? c : boxClass;
            } else if (cx.hashNode[c] && !visited.get(x)) {
              visited.set(x);
              stack.add(x);
            }
          }
        }
        if (nodes >= BOX_SAMPLE && boxes == 0) {
          return;
        }
      }
      if (boxes > 0) {
        boxed.add(v, boxes, wasted, (int) Math.min(Integer.MAX_VALUE, boxes), boxClass);
      }
    }

    private long boxWaste(int box, int primitiveBytes, Bits seenBoxes) {
      long w = cx.refBytes - primitiveBytes;
      if (!seenBoxes.get(box)) {
        seenBoxes.set(box);
        w += cx.index.shallowSize(box);
      }
      return w;
    }

    int[] targets() {
      return union(union(empty.targets(), sparse.targets()), boxed.targets());
    }
  }

  /** Wasteful collections of one kind: target, objects, wasted bytes and two details each. */
  private static final class Findings {
    private final String kind;
    private final Context cx;
    private final IntList target = new IntList();
    private final IntList detailA = new IntList();
    private final IntList detailB = new IntList();
    private long[] objects = new long[16];
    private long[] wasted = new long[16];

    Findings(String kind, Context cx) {
      this.kind = kind;
      this.cx = cx;
    }

    void add(int id, long objectCount, long bytes, int a, int b) {
      int k = target.size();
      if (k == objects.length) {
        objects = Arrays.copyOf(objects, 2 * k);
        wasted = Arrays.copyOf(wasted, 2 * k);
      }
      target.add(id);
      objects[k] = objectCount;
      wasted[k] = bytes;
      detailA.add(a);
      detailB.add(b);
    }

    int[] targets() {
      int[] t = target.toArray();
      Arrays.sort(t);
      return t;
    }

    /** Totals by holder; holders with fewer than {@code minObjects} objects are left out entirely. */
    Inspection inspection(Holders holders, long minObjects) {
      Map<Integer, Totals> byHolder = new HashMap<>();
      for (int k = 0; k < target.size(); k++) {
        Totals t = byHolder.computeIfAbsent(holders.nameIndex(target.get(k)), h -> new Totals());
        t.objects += objects[k];
        t.wasted += wasted[k];
        if (t.best < 0 || wasted[k] > t.bestRank) {
          t.best = k;
          t.bestRank = wasted[k];
        }
      }
      byHolder.values().removeIf(t -> t.objects < minObjects);
      long totalObjects = 0;
      long totalWasted = 0;
      for (Totals t : byHolder.values()) {
        totalObjects += t.objects;
        totalWasted += t.wasted;
      }
      List<InspectionHolder> out = new ArrayList<>();
      for (Map.Entry<Integer, Totals> e : Totals.top(byHolder, minObjects, holders)) {
        Totals t = e.getValue();
        out.add(new InspectionHolder(holders.name(e.getKey()), t.objects, t.wasted, example(t.best)));
      }
      return new Inspection(kind, title(totalObjects, totalWasted), totalObjects, totalWasted, out);
    }

    private String example(int k) {
      String cls = cx.classOfObject(target.get(k)).name();
      switch (kind) {
        case "empty-collections":
          return cls + ", capacity " + detailA.get(k);
        case "sparse-collections":
          return String.format(
              Locale.ROOT, "%s, %,d of %,d slots used", cls, detailB.get(k), detailA.get(k));
        default:
          String box = detailB.get(k) < 0 ? "?" : cx.index.heapClass(detailB.get(k)).name();
          return String.format(Locale.ROOT, "%s of %,d %s", cls, detailA.get(k), box);
      }
    }

    private String title(long objectCount, long bytes) {
      switch (kind) {
        case "empty-collections":
          return String.format(
              Locale.ROOT,
              "%,d empty collections with an allocated array waste %s",
              objectCount,
              bytes(bytes));
        case "sparse-collections":
          return String.format(
              Locale.ROOT,
              "%,d collections with less than a quarter of their slots used waste %s",
              objectCount,
              bytes(bytes));
        default:
          return String.format(
              Locale.ROOT,
              "%,d boxed numbers in collections waste %s against primitive arrays",
              objectCount,
              bytes(bytes));
      }
    }
  }

  /** Sums for one holder, and its example (the finding or run that wastes most). */
  private static final class Totals {
    long objects;
    long wasted;
    int best = -1;
    long bestRank;

    /** The {@link #TOP_HOLDERS} with most wasted bytes, then by name. */
    static List<Map.Entry<Integer, Totals>> top(
        Map<Integer, Totals> byHolder, long minObjects, Holders holders) {
      List<Map.Entry<Integer, Totals>> all = new ArrayList<>();
      for (Map.Entry<Integer, Totals> e : byHolder.entrySet()) {
        if (e.getValue().objects >= minObjects) {
          all.add(e);
        }
      }
      all.sort(
          Comparator.comparingLong((Map.Entry<Integer, Totals> e) -> e.getValue().wasted)
              .reversed()
              .thenComparing(e -> holders.name(e.getKey())));
      return all.subList(0, Math.min(TOP_HOLDERS, all.size()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Holders

  /** The holder name of every target, found by scanning the forward graph (see the class note). */
  private static final class Holders {
    private final int[] targets;
    private final int[] nameOf;
    private final List<String> names;

    private Holders(int[] targets, int[] nameOf, List<String> names) {
      this.targets = targets;
      this.nameOf = nameOf;
      this.names = names;
    }

    int nameIndex(int target) {
      return nameOf[Arrays.binarySearch(targets, target)];
    }

    String name(int nameIndex) {
      return names.get(nameIndex);
    }

    static Holders find(Context cx, int[] targets) throws IOException {
      Search search = new Search(cx, targets);
      // objects below low were scanned after every hopeful mark was set (see the class note)
      int low = 0;
      for (int scan = 0; scan < MAX_SCANS && search.hopeful > 0; scan++) {
        search.scan(scan, low);
        cx.step();
        // A mark set at v in this scan had its referrers below v (down to low) scanned after it.
        // After a full scan the next one need only look above the lowest such mark; after a
        // partial one, marks set in it still need the part below low: scan everything again.
        low = low == 0 && search.addedPending > 0 ? search.lowestAdded(scan) + 1 : 0;
        search.hopeful = search.addedPending;
      }
      return name(cx, targets, search.ref, search.pos, search.p);
    }

    /** The state of the referrer search: targets, plumbing met on the way, and the marks. */
    private static final class Search {
      final Context cx;
      final ReferenceGraph g;
      final int[] targets;
      final int[] ref;
      final int[] pos;
      final Plumbing p = new Plumbing();
      final Bits pending;
      final long[] filter = new long[1024];
      /** Marks whose referrers may lie where no scan has looked since they were set. */
      int hopeful;
      int fresh;
      int addedPending;

      Search(Context cx, int[] targets) {
        this.cx = cx;
        this.g = cx.g;
        this.targets = targets;
        ref = new int[targets.length];
        pos = new int[targets.length];
        Arrays.fill(ref, -1);
        pending = new Bits(cx.n);
        for (int id : targets) {
          mark(id);
        }
        hopeful = targets.length;
      }

      /**
       * Marks {@code id} in {@link #pending} and in the filter: 64 K bits (8 KB, kept in L1)
       * that the scan tests first, so that with few marks most references cost no miss on the
       * big bit set. Bits of the filter are never cleared; it only ever lets too much through.
       */
      private void mark(int id) {
        pending.set(id);
        filter[(id * 0x9e3779b1) >>> 22] |= 1L << id;
      }

      /** One scan from the top id down to {@code low}, stopping early when no mark is hopeful. */
      void scan(int scan, int low) {
        fresh = hopeful;
        addedPending = 0;
        for (int v = cx.n - 1; v >= low && fresh > 0; v--) {
          int end = g.endEdge(v);
          for (int e = g.firstEdge(v); e < end; e++) {
            int x = g.target(e);
            if ((filter[(x * 0x9e3779b1) >>> 22] & (1L << x)) != 0 && pending.get(x)) {
              hit(scan, v, e);
            }
          }
          if ((v & 0xFFFFF) == 0) {
            cx.progress(cx.n - v);
          }
        }
      }

      private void hit(int scan, int v, int e) {
        int x = g.target(e);
        if (x == v || !cx.reachable.test(v)) {
          return;
        }
        int at = e - g.firstEdge(v);
        pending.clear(x);
        fresh--;
        int depth = MAX_CLIMB;
        int k = Arrays.binarySearch(targets, x);
        if (k >= 0) {
          ref[k] = v;
          pos[k] = at;
          depth = 0;
        }
        int q = p.index(x);
        if (q >= 0) {
          p.ref.set(q, v);
          p.pos.set(q, at);
          depth = Math.min(depth, p.depth.get(q));
          if (k < 0 && p.scan.get(q) == scan) {
            addedPending--;
          }
        }
        if (depth < MAX_CLIMB && cx.plumbing[cx.classOf[v]] && p.index(v) < 0) {
          int q2 = p.add(v, depth + 1, scan);
          int kv = Arrays.binarySearch(targets, v);
          if (kv >= 0) {
            // a target itself: already searched for; share what was found
            p.ref.set(q2, ref[kv]);
            p.pos.set(q2, pos[kv]);
          } else {
            mark(v);
            fresh++;
            addedPending++;
          }
        }
      }

      int lowestAdded(int scan) {
        int lowest = Integer.MAX_VALUE;
        for (int q = 0; q < p.id.size(); q++) {
          if (p.scan.get(q) == scan && pending.get(p.id.get(q))) {
            lowest = Math.min(lowest, p.id.get(q));
          }
        }
        return lowest;
      }
    }

    /** Follows each target's plumbing to its last link and names the links in file order. */
    private static Holders name(Context cx, int[] targets, int[] ref, int[] pos, Plumbing p)
        throws IOException {
      long[] link = new long[targets.length];
      for (int k = 0; k < targets.length; k++) {
        int r = ref[k];
        int at = pos[k];
        for (int step = 0; r >= 0 && step <= MAX_CLIMB && cx.plumbing[cx.classOf[r]]; step++) {
          int q = p.index(r);
          if (q < 0 || p.ref.get(q) < 0) {
            break;
          }
          at = p.pos.get(q);
          r = p.ref.get(q);
        }
        link[k] = r < 0 ? -1 : ((long) r << 32) | at;
      }
      long[] distinct = link.clone();
      Arrays.sort(distinct);
      int d = 0;
      for (int i = 0; i < distinct.length; i++) {
        if (d == 0 || distinct[d - 1] != distinct[i]) {
          distinct[d++] = distinct[i];
        }
      }
      distinct = Arrays.copyOf(distinct, d);
      List<String> names = new ArrayList<>();
      Map<String, Integer> interned = new HashMap<>();
      int[] nameOfLink = new int[d];
      Map<Integer, int[]> offsets = new HashMap<>();
      for (int i = 0; i < d; i++) {
        String name =
            distinct[i] < 0
                ? ROOT_HOLDER
                : linkName(cx, (int) (distinct[i] >>> 32), (int) distinct[i], offsets);
        nameOfLink[i] = interned.computeIfAbsent(name, s -> {
          names.add(s);
          return names.size() - 1;
        });
      }
      int[] nameOf = new int[targets.length];
      for (int k = 0; k < targets.length; k++) {
        nameOf[k] = nameOfLink[Arrays.binarySearch(distinct, link[k])];
      }
      return new Holders(targets, nameOf, names);
    }

    /** Name of the reference from {@code r} through its edge number {@code at}. */
    private static String linkName(Context cx, int r, int at, Map<Integer, int[]> offsetCache)
        throws IOException {
      HeapIndex index = cx.index;
      int child = cx.g.target(cx.g.firstEdge(r) + at);
      if (index.representedClass(r) != null) {
        String step = index.referenceName(r, index.referenceIndex(r, index.address(child)));
        return step.startsWith("static ") ? step.substring("static ".length()) : step;
      }
      HeapClass c = cx.classOfObject(r);
      if (c.isArray()) {
        return c.name();
      }
      int fields = c.referenceFieldCount();
      int edges = cx.edgeCount(r);
      if (fields == edges || fields == 1) {
        return c.referenceFieldName(fields == 1 ? 0 : at);
      }
      int[] offs = offsetCache.computeIfAbsent(c.index(), cx::referenceOffsets);
      int field = offs.length == fields ? nthNonNullField(cx, r, offs, at, edges) : -1;
      if (field < 0) {
        // references to objects missing from the dump were dropped: compare addresses instead
        return index.referenceName(r, index.referenceIndex(r, index.address(child)));
      }
      return c.referenceFieldName(field);
    }

    /**
     * Reads {@code r}'s reference fields; if exactly {@code edges} are non-null, they are its
     * edges in order and the field of edge {@code at} is returned, else -1.
     */
    private static int nthNonNullField(Context cx, int r, int[] offs, int at, int edges)
        throws IOException {
      Window w = cx.records;
      long offset = cx.index.offset(r);
      int i = w.at(offset, cx.instanceHeader);
      if (w.u1(i) != HprofTag.INSTANCE_DUMP) {
        return -1;
      }
      long length = w.u4(i + cx.instanceHeader - 4) & 0xffffffffL;
      int[] nonNull = new int[offs.length];
      int count = 0;
      for (int k = 0; k < offs.length && offs[k] + cx.idSize <= length; k++) {
        if (w.id(w.at(offset + cx.instanceHeader + offs[k], cx.idSize)) != 0) {
          nonNull[count++] = k;
        }
      }
      return count == edges && at < count ? nonNull[at] : -1;
    }
  }

  /** Plumbing objects met while climbing: id, referrer, edge position and depth, by insertion. */
  private static final class Plumbing {
    final IntList id = new IntList();
    final IntList ref = new IntList();
    final IntList pos = new IntList();
    final IntList depth = new IntList();
    final IntList scan = new IntList();
    private int[] keys = new int[64];
    private int[] slots = new int[64];
    private int size;

    Plumbing() {
      Arrays.fill(keys, -1);
    }

    /** Entry number of object {@code v}, or -1. */
    int index(int v) {
      int mask = keys.length - 1;
      for (int h = mix(v) & mask; keys[h] >= 0; h = (h + 1) & mask) {
        if (keys[h] == v) {
          return slots[h];
        }
      }
      return -1;
    }

    int add(int v, int d, int addedInScan) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int q = id.size();
      id.add(v);
      ref.add(-1);
      pos.add(0);
      depth.add(d);
      scan.add(addedInScan);
      put(v, q);
      size++;
      return q;
    }

    private void put(int v, int q) {
      int mask = keys.length - 1;
      int h = mix(v) & mask;
      while (keys[h] >= 0) {
        h = (h + 1) & mask;
      }
      keys[h] = v;
      slots[h] = q;
    }

    private void grow() {
      int[] oldKeys = keys;
      int[] oldSlots = slots;
      keys = new int[2 * oldKeys.length];
      slots = new int[keys.length];
      Arrays.fill(keys, -1);
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] >= 0) {
          put(oldKeys[i], oldSlots[i]);
        }
      }
    }

    private static int mix(int v) {
      int h = v * 0x9e3779b9;
      return h ^ (h >>> 16);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Small primitive containers

  /** A fixed-size bit set. */
  static final class Bits {
    private final long[] words;

    Bits(int bits) {
      words = new long[(bits + 63) >>> 6];
    }

    boolean get(int i) {
      return (words[i >>> 6] & (1L << i)) != 0;
    }

    void set(int i) {
      words[i >>> 6] |= 1L << i;
    }

    void clear(int i) {
      words[i >>> 6] &= ~(1L << i);
    }
  }

  /** A growable int array. */
  static final class IntList {
    private int[] a = new int[16];
    private int size;

    void add(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, 2 * size);
      }
      a[size++] = v;
    }

    int get(int i) {
      return a[i];
    }

    void set(int i, int v) {
      a[i] = v;
    }

    int pop() {
      return a[--size];
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }

  /** {@code 532.0 KB}, {@code 1.4 GB}, {@code 12 bytes}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
