package io.leakscope.heap;

import io.leakscope.heap.internal.AddressIndex;
import io.leakscope.heap.internal.ContentHash;
import io.leakscope.heap.internal.EdgeStarts;
import io.leakscope.heap.internal.HighSteps;
import io.leakscope.heap.internal.IntBigList;
import io.leakscope.heap.internal.LongBigList;
import io.leakscope.heap.internal.LongIntHashMap;
import io.leakscope.heap.internal.OffsetTable;
import io.leakscope.heap.internal.ParkedArrays;
import io.leakscope.heap.internal.SizeColumn;
import io.leakscope.hprof.ClassDump;
import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.HprofReader;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.HprofVisitor;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.RecordInput;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.NullUnmarked;

/**
 * Builds a {@link HeapIndex} in two streaming passes over a dump.
 *
 * <p>Pass 1 gives every heap object (class objects included) a dense id in file order and records
 * its address, file offset, class and array length; it also collects names, classes, GC roots and
 * stack traces. The addresses are then sorted into an {@link AddressIndex}, the object layout is
 * inferred ({@link LayoutInference}) and shallow sizes are fixed. Pass 2 reads every reference and
 * writes the outbound edges in CSR form: because ids follow file order, edges are appended in id
 * order and no sort or degree pass is needed. The references' addresses are looked up on a second
 * thread while the pass reads on ({@link EdgeWriter}). They are appended to two temporary files as
 * they are found ({@link ParkedArrays.Appender}), never whole in memory during the pass, and read
 * back, each array in its exact size, once the address index is dropped. The number of targets is
 * bounded after pass 1 (reference slots per class times instances, plus array lengths, and the
 * file's own bytes), which is what the in-memory fallback allocates when no temporary file can be
 * written.
 *
 * <p>Memory during the build, per object: pass 1 — nothing: the address (as two ints), class and
 * array length are appended to temporary files ({@link ParkedArrays.Appender}), 16 bytes per object
 * on disk, and read back once the pass is done, each straight into its array; the offsets are
 * appended to a temporary file by {@link OffsetTable.Builder}, and stay there until the edges are
 * back (nothing reads them meanwhile). After it — address index 8 (+1 directory; packed into the
 * addresses' own array, not a copy), class 2 ({@link ClassColumn}, filled from its file), size 1
 * ({@link SizeColumn}, made from the lengths' file in order once the layout is inferred from the
 * lengths of its sampled objects, picked out of that file); pass 2 adds only two 256 KB buffers and
 * the edge writer's batches (0.9 MB); the content hashes go to a temporary file as they are made
 * ({@link ContentHashes}), 8 bytes per hashed array on disk. Then the address index is dropped, and
 * the edge starts (about 2.1, compressed as they are read back: {@link EdgeStarts}), the targets (4
 * per reference) and the offsets (4) come back: what stays is about 9 bytes per object (the classes
 * in 2) and 4 per reference ({@link HeapIndex#memoryBytes()}). Measured on a 30-million-object dump
 * (about 1.6 references per object), pass 2 held about 33 bytes per object live with 4-byte sizes
 * and the edges in memory, sized for every reference slot, and trimmed to the references found by a
 * copy at its end; 26 with 1-byte sizes and the offsets parked; with the edges and the offsets in
 * files, the whole build commits 600 to 650 MiB of heap on that dump. Its peak was the end of pass
 * 1 (16 bytes per object in lists in memory, and their conversions to arrays, which at times left
 * the old lists' pages for the collector beside the new arrays: on a 200M-object dump pass 1 peaked
 * at 3.6 to 4.6 GB of RSS); with the columns in files pass 1 holds nothing per object, the arrays
 * are the first big allocations, and that pass peaked at 3.3 GB in three runs, below the dominator
 * computation's 3.85.
 *
 * <p>A census ({@link #census()}, {@link ClassCensus}) is pass 1 alone with nothing per object:
 * each object adds to its class's counts ({@link CensusCounts}), and no id, column or limit is
 * involved.
 */
// Not API, and its arrays are dropped to null as soon as a pass is done with them, to free memory
// for the next one: NullAway checks the index it returns (HeapIndex), not this builder.
@NullUnmarked
final class HeapIndexBuilder {
  private static final int CLASS_OBJECT = -2;

  /** Array length recorded for instances and class objects. */
  private static final int NOT_AN_ARRAY = -1;

  private final HprofFile file;
  private final ProgressListener progress;
  private final int idSize;

  // pass 1
  private final Map<Long, String> strings = new HashMap<>();
  private final Map<Long, Long> classNameIds = new HashMap<>();
  private final Map<Integer, Long> classNameIdsBySerial = new HashMap<>();
  private final LongIntHashMap classIndexById = new LongIntHashMap(4096);
  private final List<ClassEntry> classEntries = new ArrayList<>();
  private final int[] primitiveArrayClass = new int[16];
  // pass 1's per-object columns, appended to temporary files as the objects are read (nothing per
  // object stays in memory during the pass) and read back once it is done; closed however the
  // build ends
  private final ParkedArrays.Appender addressLow = ParkedArrays.appender();
  private final ParkedArrays.Appender addressHigh = ParkedArrays.appender();
  private final OffsetTable.Builder offsets = new OffsetTable.Builder();
  private final ParkedArrays.Appender classOf = ParkedArrays.appender();
  private final ParkedArrays.Appender lengths = ParkedArrays.appender();

  /** Objects read by pass 1 so far. */
  private int objects;

  private final LongBigList rootAddresses = new LongBigList();
  private final IntBigList rootKinds = new IntBigList();
  private final IntBigList rootThreads = new IntBigList();
  private final IntBigList rootFrames = new IntBigList();
  private final Map<Integer, long[]> stackTraces = new HashMap<>();
  private final Map<Long, StackFrameInfo> frames = new HashMap<>();
  private long lastClassId;
  private int lastClassIndex = -1;

  /** References the file can hold at most: every id-sized field value and array element. */
  private long slotBound;

  private long objectArraySlots;

  private static final class ClassEntry {
    final long id;
    ClassDump dump;
    int objectId = -1;
    int primitiveType;

    ClassEntry(long id) {
      this.id = id;
    }
  }

  /** A STACK_FRAME record; names are UTF8 ids, resolved when read (UTF8 records may come later). */
  record StackFrameInfo(
      long methodId, long signatureId, long sourceFileId, int classSerial, int line) {}

  /** Objects an index can hold: ids are {@code int}s, and every per-object array is one array. */
  static final int MAX_OBJECTS = Integer.MAX_VALUE - 16;

  /** {@link #MAX_OBJECTS}, or less in tests. */
  private final long maxObjects;

  /** The targets' chunks, 2^this each, or -1: one array where they fit. */
  private final int edgeChunkBits;

  HeapIndexBuilder(HprofFile file, ProgressListener progress) {
    this(file, progress, MAX_OBJECTS, edgeChunkBitsProperty());
  }

  /**
   * System property that forces the graph's targets into chunks of 2^value (1 to 30) whatever the
   * dump's size: the form of a graph of more than 2^31 references, for tests that compare whole
   * reports of both forms on real dumps. Not for users: it only costs time.
   */
  static final String EDGE_CHUNK_BITS = "leakscope.heap.edgeChunkBits";

  private static int edgeChunkBitsProperty() {
    int bits = Integer.getInteger(EDGE_CHUNK_BITS, -1);
    return bits >= 1 && bits <= 30 ? bits : -1;
  }

  /**
   * A builder that refuses a dump of more than {@code maxObjects} objects (tests: a small one), and
   * keeps the graph's targets in chunks of 2^{@code edgeChunkBits} where that is 1 or more (tests:
   * the form of a graph of more than 2^31 references, on a small dump), else in one array where
   * they fit.
   */
  HeapIndexBuilder(HprofFile file, ProgressListener progress, long maxObjects, int edgeChunkBits) {
    this.maxObjects = maxObjects;
    this.edgeChunkBits = edgeChunkBits;
    this.file = file;
    this.progress = progress;
    this.idSize = file.header().idSize();
    Arrays.fill(primitiveArrayClass, -1);
  }

  /** The file offsets while they are parked during the build; closed however the build ends. */
  private ParkedArrays parkedOffsets;

  /** Pass 1's counts when it makes a census ({@link #census()}), else null. */
  private CensusCounts counts;

  /**
   * Reads the dump once and counts its objects by class ({@link ClassCensus}), keeping nothing per
   * object: for a dump of any object count, such as one past what an index holds. The layout is
   * inferred from runs of objects spread over the dump ({@link CensusCounts}), and class objects
   * are sized from the class table, as the index does.
   */
  ClassCensus census() throws IOException {
    long t0 = System.nanoTime();
    counts = new CensusCounts();
    try {
      HprofReader.read(file, new Pass1(), progress, "reading");
      return countedCensus(t0);
    } finally {
      closeColumns(); // never written by a census
    }
  }

  private ClassCensus countedCensus(long t0) throws IOException {
    CensusCounts c = counts;
    ClassTable table = finishClasses();
    checkInheritedFields(table.classes);
    int k = c.sampled;
    int[] cls = new int[k];
    for (int i = 0; i < k; i++) {
      int e = c.sampleEntry[i];
      cls[i] = table.classOf(e);
    }
    int[] len = c.sampleLength;
    AddressIndex sample = new AddressIndex(Arrays.copyOf(c.sampleAddress, k));
    int[] sampled = LayoutInference.sampledIds(sample);
    int[] sampledLengths = new int[sampled.length];
    for (int j = 0; j < sampled.length; j++) {
      sampledLengths[j] = len[sampled[j]];
    }
    ObjectLayout layout =
        LayoutInference.infer(
            sample, i -> cls[i], sampledLengths, table.classes, idSize, table.javaLangClass);
    boolean[] contended =
        LayoutInference.chooseContended(
            layout, sample, i -> cls[i], table.classes, table.javaLangClass);
    LayoutInference.applySizes(layout, table.classes, idSize, contended);
    long[] instances = new long[table.classes.length];
    long[] bytes = new long[table.classes.length];
    for (int e = 0; e < classEntries.size(); e++) {
      HeapClass hc = table.classes[table.remap[e]];
      instances[hc.index] += c.instances(e);
      // array elements by record kind, whatever the class claims, as the index sizes them
      bytes[hc.index] +=
          c.plainInstances(e) * hc.instanceSize
              + c.arrayBytes(e, layout, LayoutInference.elementBytes(layout, hc));
    }
    HeapClass javaLangClass = table.classes[table.javaLangClass];
    for (HeapClass hc : table.classes) {
      if (hc.objectId >= 0) {
        instances[javaLangClass.index]++;
        bytes[javaLangClass.index] += LayoutInference.classObjectSize(layout, hc, javaLangClass);
      }
    }
    return new ClassCensus(
        file,
        table.classes,
        instances,
        bytes,
        c.objects,
        layout,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Pass 2's content hashes until the index owns them; closed if the build fails. */
  private ContentHashes contentHashes;

  /** Pass 2's edges as they are written; closed however the build ends. */
  private ParkedArrays.Appender edgeStarts;

  private ParkedArrays.Appender edgeTargets;

  HeapIndex build() throws IOException {
    try {
      return buildIndex();
    } finally {
      closeColumns();
    }
  }

  /** Closes pass 1's and pass 2's column files, however the build ends. */
  private void closeColumns() throws IOException {
    if (contentHashes != null) {
      contentHashes.close();
      contentHashes = null;
    }
    for (Closeable c :
        new Closeable[] {
          addressLow, addressHigh, classOf, lengths, offsets, parkedOffsets, edgeStarts, edgeTargets
        }) {
      if (c != null) {
        c.close();
      }
    }
  }

  private HeapIndex buildIndex() throws IOException {
    long t0 = System.nanoTime();
    HprofReader.read(file, new Pass1(), progress, "reading (1/2)");
    int n = objects; // at most maxObjects: Pass1 stops at the first one more
    progress.counted(file.path(), n);
    ClassTable table = finishClasses();
    checkInheritedFields(table.classes);
    OffsetTable.Parked builtOffsets = offsets.buildParked();
    OffsetTable off = builtOffsets.table();
    // nothing reads the offsets until the index is built: parked, they are not in memory beside
    // pass 1's columns nor beside pass 2; each column comes from its file straight into its array
    parkedOffsets = builtOffsets.low();
    long[] addr = addresses(n);
    HeapIndex.releaseGarbage();
    progress.update("indexing addresses", 0, 1);
    AddressIndex index = new AddressIndex(addr);
    addr = null;
    // the classes straight into their column (2 bytes per object where they fit), the lengths
    // read from their file where needed: read back whole as int arrays beside the addresses, they
    // made 18 bytes per object at this step, the most of the whole analysis on big dumps
    ClassColumn classColumn = readClasses(n, table);
    ObjectLayout layout;
    SizeColumn sizes;
    long[] instances = new long[table.classes.length];
    long[] slotCount = new long[1];
    try (ParkedArrays len = lengths.finish()) {
      int[] sampled = LayoutInference.sampledIds(index);
      layout =
          LayoutInference.infer(
              index,
              classColumn::get,
              pick(len, sampled),
              table.classes,
              idSize,
              table.javaLangClass);
      boolean[] contended =
          LayoutInference.chooseContended(
              layout, index, classColumn::get, table.classes, table.javaLangClass);
      LayoutInference.applySizes(layout, table.classes, idSize, contended);
      LongIntHashMap classByObject = new LongIntHashMap(table.classes.length);
      for (HeapClass c : table.classes) {
        if (c.objectId >= 0) {
          classByObject.put(c.objectId, c.index);
        }
      }
      SizeColumn.Builder sized = new SizeColumn.Builder(n);
      len.readChunks(
          0,
          (first, chunk, count) -> {
            for (int j = 0; j < count; j++) {
              int i = first + j;
              HeapClass c = table.classes[classColumn.get(i)];
              instances[c.index]++;
              long size;
              int represented = c.index == table.javaLangClass ? classByObject.get(i, -1) : -1;
              if (represented >= 0) {
                HeapClass rc = table.classes[represented];
                size =
                    LayoutInference.classObjectSize(layout, rc, table.classes[table.javaLangClass]);
                slotCount[0] += 2 + rc.staticNames.length;
              } else if (chunk[j] != NOT_AN_ARRAY) {
                // array elements are counted in pass 1 by record kind, whatever the class claims
                size = layout.arraySize(LayoutInference.elementBytes(layout, c), chunk[j]);
              } else {
                size = c.instanceSize;
                slotCount[0] += c.referenceOffsets.length;
              }
              sized.add((int) Math.min(Integer.MAX_VALUE, size >>> 3));
            }
          });
      sizes = sized.build();
    }
    // the class-based count can be inflated by a hostile dump (a class with thousands of reference
    // fields and empty instances); the file's own bytes bound it too. It may pass what one array
    // holds: the targets then come back in chunks, the starts' high bits as steps.
    long slots = Math.min(slotCount[0] + objectArraySlots, slotBound);
    progress.bounded(file.path(), n, slots);
    HeapIndex.releaseGarbage();
    edgeStarts = ParkedArrays.appender(n + 1);
    edgeTargets = ParkedArrays.appender(slots);
    Pass2 pass2;
    int[] highSteps;
    long missing;
    // the writer's thread appends to the edge files: it is stopped before they are closed
    try (EdgeWriter edges = EdgeWriter.of(index, edgeStarts, edgeTargets, file.passReadsAhead())) {
      pass2 = new Pass2(table, classColumn, edges);
      pass2.content = contentHashes = new ContentHashes(classColumn, table.classes);
      pass2.coderOffset = coderOffsets(table.classes);
      HprofReader.read(file, pass2, progress, "reading (2/2)");
      pass2.content.passDone();
      if (pass2.next != n) {
        throw new HprofFormatException(
            "the dump changed while it was read: "
                + pass2.next
                + " objects in pass 2, "
                + n
                + " in pass 1");
      }
      highSteps = edges.finish();
      missing = edges.missing();
    }
    GcRoots roots = resolveRoots(index);
    if (file.truncation().isPresent()) {
      roots = withStandIns(roots, table, classColumn, n);
    }
    // the address index is no longer needed; the edges come back from their files, each array in
    // its exact size, and then the offsets
    ContentHashes content = pass2.content;
    pass2 = null;
    index = null;
    HeapIndex.releaseGarbage();
    EdgeStarts starts = compressStarts(edgeStarts, n + 1, highSteps);
    int[][] targets = readBackChunks(edgeTargets);
    off.attachLow(parkedOffsets.read(0));
    parkedOffsets.close();
    int[] classObjectOfClass = new int[table.classes.length];
    for (HeapClass c : table.classes) {
      classObjectOfClass[c.index] = c.objectId;
    }
    ReferenceGraph graph =
        ReferenceGraph.of(n, starts, targets, chunkBits(), classColumn, classObjectOfClass);
    HeapIndex built =
        new HeapIndex(
            file,
            table.classes,
            classColumn,
            sizes,
            off,
            graph,
            roots,
            layout,
            missing,
            instances,
            stackTraces,
            frames,
            classNameIdsBySerial,
            strings,
            content,
            (System.nanoTime() - t0) / 1_000_000);
    contentHashes = null; // the index owns them now
    return built;
  }

  /** The addresses of pass 1, from their two files (low and high words) into one array. */
  private long[] addresses(int n) throws IOException {
    long[] addr = new long[n];
    try (ParkedArrays low = addressLow.finish()) {
      low.readChunks(
          0,
          (first, chunk, count) -> {
            for (int j = 0; j < count; j++) {
              addr[first + j] = chunk[j] & 0xffffffffL;
            }
          });
    }
    try (ParkedArrays high = addressHigh.finish()) {
      high.readChunks(
          0,
          (first, chunk, count) -> {
            for (int j = 0; j < count; j++) {
              addr[first + j] |= (long) chunk[j] << 32;
            }
          });
    }
    return addr;
  }

  /** Pass 1's classes, remapped to the class table's indexes, from their file into their column. */
  private ClassColumn readClasses(int n, ClassTable table) throws IOException {
    try (ParkedArrays written = classOf.finish()) {
      return ClassColumn.filled(
          n,
          table.classes.length,
          set ->
              written.readChunks(
                  0,
                  (first, chunk, count) -> {
                    for (int j = 0; j < count; j++) {
                      set.set(first + j, table.classOf(chunk[j]));
                    }
                  }));
    }
  }

  /**
   * The values of a column in its file at {@code ids} (any order), in that order: one scan of the
   * file, holding only the answers and a sorted copy of the ids.
   */
  private static int[] pick(ParkedArrays column, int[] ids) throws IOException {
    if (ids.length == 0) {
      return ids;
    }
    long[] order = new long[ids.length]; // id in the high half, position in the low
    for (int j = 0; j < ids.length; j++) {
      order[j] = (long) ids[j] << 32 | j;
    }
    Arrays.sort(order);
    int[] out = new int[ids.length];
    int[] next = {0};
    column.readChunks(
        0,
        (first, chunk, count) -> {
          int k = next[0];
          while (k < order.length && (int) (order[k] >>> 32) < first + count) {
            out[(int) order[k]] = chunk[(int) (order[k] >>> 32) - first];
            k++;
          }
          next[0] = k;
        });
    return out;
  }

  /**
   * The edge starts from their file (low 32 bits, the high bits in {@code highSteps}) into their
   * compressed form, a piece at a time: never whole in an {@code int[]}.
   */
  private static EdgeStarts compressStarts(ParkedArrays.Appender column, int count, int[] highSteps)
      throws IOException {
    EdgeStarts.Builder starts = new EdgeStarts.Builder(count);
    try (ParkedArrays written = column.finish()) {
      written.readChunks(
          0,
          (first, chunk, length) -> {
            for (int j = 0; j < length; j++) {
              starts.add(HighSteps.value(chunk[j], highSteps, first + j));
            }
          });
    }
    return starts.build();
  }

  /** The graph's targets: one array where they fit (and no test asks for chunks), else chunks. */
  private int[][] readBackChunks(ParkedArrays.Appender column) throws IOException {
    boolean oneArray = edgeChunkBits < 0 && column.size() <= ParkedArrays.MAX_ARRAY_LENGTH;
    try (ParkedArrays written = oneArray ? column.finish() : column.finish(1 << chunkBits())) {
      return written.readAll();
    }
  }

  private int chunkBits() {
    return edgeChunkBits > 0 ? edgeChunkBits : ReferenceGraph.WIDE_CHUNK_BITS;
  }

  /**
   * Per class: the offset of {@code java.lang.String.coder} in the field data of a {@code
   * java.lang.String}, or -1 for other classes (and for Strings without a coder, before JDK 9).
   */
  private int[] coderOffsets(HeapClass[] classes) {
    int[] out = new int[classes.length];
    Arrays.fill(out, -1);
    for (HeapClass c : classes) {
      if (!"java.lang.String".equals(c.name)) {
        continue;
      }
      int off = 0;
      for (int i = 0; i < c.fieldTypes.length; i++) {
        if ("coder".equals(c.fieldNames[i]) && c.fieldTypes[i] == HprofTag.TYPE_BYTE) {
          out[c.index] = off;
        }
        off += HprofTag.valueSize(c.fieldTypes[i], idSize);
      }
    }
    return out;
  }

  /** A truncated dump's roots and those that stand in: see {@link GcRoots#withStandIns}. */
  private static GcRoots withStandIns(
      GcRoots roots, ClassTable table, ClassColumn classColumn, int n) {
    boolean[] thread = new boolean[table.classes.length];
    for (HeapClass c : table.classes) {
      // superclass chains are free of cycles (checked when the classes are read)
      for (int k = c.index; k >= 0 && !thread[c.index]; k = table.classes[k].superIndex) {
        thread[c.index] = "java.lang.Thread".equals(table.classes[k].name);
      }
    }
    IntStream.Builder threads = IntStream.builder();
    for (int id = 0; id < n; id++) {
      if (thread[classColumn.get(id)]) {
        threads.add(id);
      }
    }
    int[] classObjects =
        Arrays.stream(table.classes).mapToInt(c -> c.objectId).filter(id -> id >= 0).toArray();
    return roots.withStandIns(classObjects, threads.build().toArray());
  }

  private GcRoots resolveRoots(AddressIndex index) throws HprofFormatException {
    if (rootAddresses.size() > Integer.MAX_VALUE - 16) {
      throw new HprofFormatException(
          "the dump holds "
              + rootAddresses.size()
              + " GC root records; at most 2^31 are supported");
    }
    int r = (int) rootAddresses.size();
    int[] ids = new int[r];
    byte[] kinds = new byte[r];
    int[] threads = new int[r];
    int[] frameNos = new int[r];
    int missing = 0;
    for (int i = 0; i < r; i++) {
      ids[i] = index.find(rootAddresses.get(i));
      if (ids[i] < 0) {
        missing++;
      }
      kinds[i] = (byte) rootKinds.get(i);
      threads[i] = rootThreads.get(i);
      frameNos[i] = rootFrames.get(i);
    }
    return new GcRoots(ids, kinds, threads, frameNos, missing);
  }

  private static final class ClassTable {
    HeapClass[] classes;
    int[] remap;
    int javaLangClass;

    /** The class index of an object whose pass-1 class entry is {@code entry}. */
    int classOf(int entry) {
      return entry == CLASS_OBJECT ? javaLangClass : remap[entry];
    }
  }

  private int classIndexFor(long classId) {
    if (lastClassIndex >= 0 && classId == lastClassId) {
      return lastClassIndex;
    }
    int c = classIndexById.get(classId, -1);
    if (c < 0) {
      c = classEntries.size();
      classEntries.add(new ClassEntry(classId));
      classIndexById.put(classId, c);
    }
    lastClassId = classId;
    lastClassIndex = c;
    return c;
  }

  private String name(long id) {
    String s = strings.get(id);
    return s == null ? "<unnamed 0x" + Long.toHexString(id) + ">" : s;
  }

  /** Turns class entries into HeapClass objects; merges primitive array placeholders. */
  private ClassTable finishClasses() throws HprofFormatException {
    List<HeapClass> out = new ArrayList<>();
    int[] remap = new int[classEntries.size()];
    Map<String, Integer> primByDescriptor = new HashMap<>();
    // real classes first
    for (int i = 0; i < classEntries.size(); i++) {
      ClassEntry e = classEntries.get(i);
      if (e.primitiveType != 0) {
        continue;
      }
      Long nameId = classNameIds.get(e.id);
      String internal = nameId != null ? name(nameId) : null;
      String javaName =
          internal != null
              ? JavaNames.fromInternal(internal)
              : "<unknown class 0x" + Long.toHexString(e.id) + ">";
      ClassDump d = e.dump;
      int elementType = 0;
      if (internal != null && internal.startsWith("[")) {
        int t = internal.length() == 2 ? HprofTag.typeOfDescriptor(internal.charAt(1)) : -1;
        elementType = t < 0 ? HprofTag.TYPE_OBJECT : t;
        if (internal.length() == 2) {
          primByDescriptor.put(internal, out.size());
        }
      }
      HeapClass c =
          new HeapClass(
              out.size(),
              e.id,
              javaName,
              d == null ? 0 : d.loaderId(),
              elementType,
              d == null ? new String[0] : names(d.fieldNameIds()),
              d == null ? new byte[0] : d.fieldTypes(),
              d == null ? new String[0] : names(d.staticNameIds()),
              d == null ? new byte[0] : d.staticTypes(),
              d == null ? new long[0] : d.staticValues());
      c.objectId = e.objectId;
      remap[i] = out.size();
      out.add(c);
    }
    for (int i = 0; i < classEntries.size(); i++) {
      ClassEntry e = classEntries.get(i);
      if (e.primitiveType == 0) {
        continue;
      }
      String desc = "[" + HprofTag.descriptorOf(e.primitiveType);
      Integer existing = primByDescriptor.get(desc);
      if (existing != null) {
        remap[i] = existing;
      } else {
        HeapClass c =
            new HeapClass(
                out.size(),
                0,
                JavaNames.fromInternal(desc),
                0,
                e.primitiveType,
                new String[0],
                new byte[0],
                new String[0],
                new byte[0],
                new long[0]);
        remap[i] = out.size();
        primByDescriptor.put(desc, out.size());
        out.add(c);
      }
    }
    ClassTable t = new ClassTable();
    int jlc = -1;
    for (HeapClass c : out) {
      if (c.name.equals("java.lang.Class") && c.address != 0) {
        jlc = c.index;
      }
    }
    if (jlc < 0) {
      jlc = out.size();
      out.add(
          new HeapClass(
              jlc,
              0,
              "java.lang.Class",
              0,
              0,
              new String[0],
              new byte[0],
              new String[0],
              new byte[0],
              new long[0]));
    }
    t.classes = out.toArray(new HeapClass[0]);
    for (HeapClass c : t.classes) {
      ClassEntry e = c.address == 0 ? null : classEntries.get(classIndexById.get(c.address, -1));
      if (e != null && e.dump != null && e.dump.superId() != 0) {
        int s = classIndexById.get(e.dump.superId(), -1);
        c.superIndex = s < 0 ? -1 : remap[s];
      }
    }
    for (HeapClass c : t.classes) {
      int steps = 0;
      for (int k = c.superIndex; k >= 0; k = t.classes[k].superIndex) {
        if (++steps > t.classes.length) {
          throw new HprofFormatException(
              "class "
                  + c.name
                  + " (0x"
                  + Long.toHexString(c.address)
                  + ") is its own superclass through a cycle");
        }
      }
    }
    t.remap = remap;
    t.javaLangClass = jlc;
    return t;
  }

  /**
   * Rejects class hierarchies whose inherited fields, counted once per class, exceed what the dump
   * could use. Every class gets its own flattened field layout and list of reference fields (its
   * fields plus all its superclasses'), so a deep chain of classes with many fields costs memory
   * quadratic in the bytes that declare it. Real dumps stay far below the bound (about 4% of the
   * file: tens of thousands of classes of a few dozen field bytes each).
   */
  private void checkInheritedFields(HeapClass[] classes) throws HprofFormatException {
    long[] flat = new long[classes.length];
    Arrays.fill(flat, -1);
    long total = 0;
    int[] chain = new int[classes.length]; // superclass chains are acyclic (finishClasses)
    for (HeapClass c : classes) {
      int depth = 0;
      int k = c.index;
      while (k >= 0 && flat[k] < 0) {
        chain[depth++] = k;
        k = classes[k].superIndex;
      }
      long above = k >= 0 ? flat[k] : 0;
      for (int i = depth - 1; i >= 0; i--) {
        HeapClass d = classes[chain[i]];
        long own = 0;
        for (byte t : d.fieldTypes) {
          own += HprofTag.valueSize(t, idSize);
        }
        above += own;
        flat[d.index] = above;
      }
      total += flat[c.index];
    }
    long bound = fileLength() + INHERITED_FIELD_SLACK;
    if (total > bound) {
      throw new HprofFormatException(
          "the class hierarchy declares "
              + total
              + " bytes of inherited instance fields over its "
              + classes.length
              + " classes (expected: at most "
              + bound
              + ", the dump's size plus 1 MB)");
    }
  }

  /** Inherited field bytes always accepted, whatever the dump's size. */
  private static final long INHERITED_FIELD_SLACK = 1 << 20;

  private long fileLength() {
    long known = file.length();
    return known >= 0 ? known : file.fileLength();
  }

  private String[] names(long[] ids) {
    String[] s = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      s[i] = name(ids[i]);
    }
    return s;
  }

  private final class Pass1 implements HprofVisitor {
    private void object(long address, long offset, int classIndex, int length) throws IOException {
      if (counts != null) {
        counts.add(address, classIndex, length); // a census: nothing per object, no limit
        return;
      }
      if (objects == maxObjects) {
        // as soon as it is known, not after reading the rest of a dump that cannot be indexed
        throw new IndexLimitException(
            offset,
            "the dump holds more than "
                + String.format(java.util.Locale.ROOT, "%,d", maxObjects)
                + " objects, the most an index holds today (its object ids are 32-bit)");
      }
      addressLow.add((int) address);
      addressHigh.add((int) (address >>> 32));
      offsets.add(offset);
      classOf.add(classIndex);
      lengths.add(length);
      objects++;
    }

    @Override
    public void utf8(long id, String text) {
      strings.put(id, text);
    }

    @Override
    public void loadClass(int classSerial, long classId, int stackTraceSerial, long nameId) {
      classNameIds.put(classId, nameId);
      classNameIdsBySerial.put(classSerial, nameId);
    }

    @Override
    public void stackFrame(
        long frameId,
        long methodNameId,
        long signatureId,
        long sourceFileId,
        int classSerial,
        int line) {
      frames.put(
          frameId, new StackFrameInfo(methodNameId, signatureId, sourceFileId, classSerial, line));
    }

    @Override
    public void stackTrace(int serial, int threadSerial, long[] frameIds) {
      stackTraces.put(serial, frameIds);
    }

    @Override
    public void gcRoot(int kind, long objectId, int threadSerial, int frame) {
      rootAddresses.add(objectId);
      rootKinds.add(kind);
      rootThreads.add(threadSerial);
      rootFrames.add(frame);
    }

    @Override
    public void classDump(ClassDump dump, long offset) throws IOException {
      int c = classIndexFor(dump.id());
      ClassEntry e = classEntries.get(c);
      if (e.dump != null) {
        // the same class twice: one class object, the first description
        return;
      }
      e.dump = dump;
      // a census numbers no objects: the class object's place in the sample, or past it
      e.objectId = counts != null ? (int) Math.min(counts.objects, MAX_OBJECTS) : objects;
      slotBound += 2 + dump.staticTypes().length;
      object(dump.id(), offset, CLASS_OBJECT, NOT_AN_ARRAY);
    }

    @Override
    public void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes)
        throws IOException {
      slotBound += fieldBytes / idSize;
      object(id, offset, classIndexFor(classId), NOT_AN_ARRAY);
    }

    @Override
    public void objectArrayDump(long id, long arrayClassId, int length, long offset, RecordInput in)
        throws IOException {
      slotBound += length;
      objectArraySlots += length;
      object(id, offset, classIndexFor(arrayClassId), length);
    }

    @Override
    public void primitiveArrayDump(long id, int type, int length, long offset, RecordInput in)
        throws IOException {
      int c = primitiveArrayClass[type];
      if (c < 0) {
        c = classEntries.size();
        ClassEntry e = new ClassEntry(0);
        e.primitiveType = type;
        classEntries.add(e);
        primitiveArrayClass[type] = c;
      }
      object(id, offset, c, length);
    }
  }

  private final class Pass2 implements HprofVisitor {
    final HeapClass[] classes;
    final int[] remap;
    final ClassColumn cls;

    /** Looks the references up and appends them to the edge files, on a second thread. */
    final EdgeWriter edges;

    int next;
    ContentHashes content;
    int[] coderOffset;

    /** The elements of a hashed array, or the field data of a String. */
    final byte[] scratch = new byte[ContentHashes.MAX_HASHED_BYTES];

    Pass2(ClassTable table, ClassColumn cls, EdgeWriter edges) {
      this.classes = table.classes;
      this.remap = table.remap;
      this.cls = cls;
      this.edges = edges;
    }

    @Override
    public boolean wantsStrings() {
      return false;
    }

    private void ref(long address) throws IOException {
      edges.ref(address);
    }

    /** The next object begins. */
    void startObject() throws IOException {
      edges.startObject();
    }

    /** The next object id; the dump must hold the same objects as in pass 1. */
    private int nextId() throws HprofFormatException {
      if (next >= cls.size()) {
        throw new HprofFormatException(
            "the dump changed while it was read: more objects in pass 2 than the "
                + cls.size()
                + " of pass 1");
      }
      return next++;
    }

    @Override
    public void classDump(ClassDump dump, long offset) throws IOException {
      int k = classIndexById.get(dump.id(), -1);
      if (k < 0 || classes[remap[k]].objectId != next) {
        return; // a second CLASS_DUMP for the same class id: not an object of its own
      }
      int id = nextId();
      startObject();
      ref(dump.superId());
      ref(dump.loaderId());
      for (int i = 0; i < dump.staticTypes().length; i++) {
        if (dump.staticTypes()[i] == HprofTag.TYPE_OBJECT) {
          ref(dump.staticValues()[i]);
        }
      }
    }

    @Override
    public void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes)
        throws IOException {
      int me = nextId();
      startObject();
      int c = cls.get(me);
      int[] refOffsets = classes[c].referenceOffsets;
      int coder = coderOffset[c];
      if (coder >= 0 && fieldBytes <= scratch.length) {
        string(me, in, fieldBytes, refOffsets, coder);
        return;
      }
      int pos = 0;
      for (int off : refOffsets) {
        if (off + idSize > fieldBytes) {
          break; // fewer field bytes than the class describes: tolerate, keep what is there
        }
        in.skip(off - pos);
        ref(in.id());
        pos = off + idSize;
      }
    }

    @Override
    public void objectArrayDump(long id, long arrayClassId, int length, long offset, RecordInput in)
        throws IOException {
      int me = nextId();
      startObject();
      for (int i = 0; i < length; i++) {
        ref(in.id());
      }
    }

    /** A String: its references as any instance's, and whether its coder says UTF-16. */
    private void string(int me, RecordInput in, int fieldBytes, int[] refOffsets, int coder)
        throws IOException {
      in.readFully(scratch, 0, fieldBytes);
      for (int off : refOffsets) {
        if (off + idSize > fieldBytes) {
          break;
        }
        ref(HeapIndex.readId(scratch, off, idSize));
      }
      if (coder < fieldBytes && scratch[coder] == 1) {
        content.setUtf16(me);
      }
    }

    @Override
    public void primitiveArrayDump(long id, int type, int length, long offset, RecordInput in)
        throws IOException {
      int me = nextId();
      startObject();
      int rank = content.rank(me);
      long bytes = (long) length * HprofTag.valueSize(type, idSize);
      if (rank >= 0 && bytes <= scratch.length) {
        in.readFully(scratch, 0, (int) bytes);
        long h = ContentHash.update(ContentHash.start(type), scratch, 0, (int) bytes);
        content.put(rank, ContentHash.finish(h, bytes));
      }
    }

    @Override
    public void primitiveArrayWithoutData(
        long id, int type, int length, long offset, RecordInput in) throws IOException {
      int me = nextId();
      startObject(); // no bytes to hash: its hash stays 0, made from the dump if asked
    }
  }
}
