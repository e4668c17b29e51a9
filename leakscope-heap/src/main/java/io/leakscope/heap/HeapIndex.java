package io.leakscope.heap;

import io.leakscope.heap.internal.ContentHash;
import io.leakscope.heap.internal.IntArrays;
import io.leakscope.heap.internal.LongIntHashMap;
import io.leakscope.heap.internal.OffsetTable;
import io.leakscope.heap.internal.ParkedArrays;
import io.leakscope.heap.internal.SizeColumn;
import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.RecordInput;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The index over one heap dump: dense int ids for all objects (class objects included, in file
 * order), their classes and JVM shallow sizes, the reference graph, GC roots, and file offsets for
 * reading any object lazily.
 *
 * <p>Memory kept per heap object: class 4 bytes, size 1 byte (8-byte units, {@link SizeColumn}),
 * file offset 4 bytes ({@link OffsetTable}), edge start 4 bytes = 13 bytes, plus 4 bytes per
 * reference slot. Nothing per object is a Java object. Reads ({@link #address}, {@link
 * #referenceIndex}, {@link #readString}) go to the file.
 *
 * <p>Thread-safe for reading once built, except while its object data is parked ({@link
 * #parkObjectData}) and while its graph is being parked or restored ({@link #parkGraph}). Close it
 * to close the file.
 */
public final class HeapIndex implements Closeable {
  private final HprofFile file;
  private final HeapClass[] classes;
  private final ClassColumn classOf;
  private final SizeColumn sizes;

  private final OffsetTable offsets;
  private ReferenceGraph graph;
  private final GcRoots roots;
  private final ObjectLayout layout;
  private final long missingReferences;
  private final long[] instanceCounts;
  private final Map<Integer, long[]> stackTraces;
  private final Map<Long, HeapIndexBuilder.StackFrameInfo> frames;

  /** LOAD_CLASS serial to the id of the class name's UTF8 record, for stack frames. */
  private final Map<Integer, Long> classNameIdsBySerial;

  private final Map<Long, String> strings;
  private final ContentHashes content;
  private final long buildMillis;
  private final LongIntHashMap classByObject;
  private final LongIntHashMap threadObjects = new LongIntHashMap(64);
  private final LongIntHashMap threadTraces = new LongIntHashMap(64);

  HeapIndex(
      HprofFile file,
      HeapClass[] classes,
      ClassColumn classOf,
      SizeColumn sizes,
      OffsetTable offsets,
      ReferenceGraph graph,
      GcRoots roots,
      ObjectLayout layout,
      long missingReferences,
      long[] instanceCounts,
      Map<Integer, long[]> stackTraces,
      Map<Long, HeapIndexBuilder.StackFrameInfo> frames,
      Map<Integer, Long> classNameIdsBySerial,
      Map<Long, String> strings,
      ContentHashes content,
      long buildMillis) {
    this.file = file;
    this.classes = classes;
    this.classOf = classOf;
    this.sizes = sizes;
    this.offsets = offsets;
    this.graph = graph;
    this.roots = roots;
    this.layout = layout;
    this.missingReferences = missingReferences;
    this.instanceCounts = instanceCounts;
    this.stackTraces = stackTraces;
    this.frames = frames;
    this.classNameIdsBySerial = classNameIdsBySerial;
    this.strings = strings;
    this.content = content;
    this.buildMillis = buildMillis;
    this.classByObject = new LongIntHashMap(classes.length);
    for (HeapClass c : classes) {
      if (c.objectId >= 0) {
        classByObject.put(c.objectId, c.index);
      }
    }
    for (int i = 0; i < roots.count(); i++) {
      if (roots.kind(i) == HprofTag.ROOT_THREAD_OBJECT && roots.objectId(i) >= 0) {
        threadObjects.put(roots.threadSerial(i), roots.objectId(i));
        threadTraces.put(roots.threadSerial(i), roots.frame(i));
      }
    }
  }

  /**
   * Opens and indexes a dump (plain or gzip).
   *
   * @throws HprofFormatException if the dump is malformed
   * @throws java.util.concurrent.CancellationException if {@code progress} cancels
   */
  public static HeapIndex open(Path dump, ProgressListener progress) throws IOException {
    return open(dump, progress, false);
  }

  /**
   * Opens and indexes a dump; with {@code lenient}, a truncated dump is indexed up to its last
   * complete record ({@link HprofFile#open(Path, boolean)}), and {@code file().truncation()} tells
   * where it was cut. References to objects lost in the cut count as {@link #missingReferences()}.
   *
   * @throws HprofFormatException if the dump is malformed
   * @throws java.util.concurrent.CancellationException if {@code progress} cancels
   */
  public static HeapIndex open(Path dump, ProgressListener progress, boolean lenient)
      throws IOException {
    HprofFile file = HprofFile.open(dump, lenient, progress);
    try {
      return new HeapIndexBuilder(file, progress).build();
    } catch (IOException | RuntimeException | Error e) {
      file.close();
      throw e;
    }
  }

  public HprofFile file() {
    return file;
  }

  public int objectCount() {
    return classOf.size();
  }

  public int classCount() {
    return classes.length;
  }

  /**
   * Whether each class (by index) is the class named {@code name} or a subclass of it: a walk up
   * each class's superclasses, O(classes × depth); a new array.
   */
  public boolean[] subclassesOf(String name) {
    boolean[] result = new boolean[classes.length];
    for (int c = 0; c < result.length; c++) {
      for (HeapClass k = classes[c]; k != null; ) {
        if (k.name().equals(name)) {
          result[c] = true;
          break;
        }
        k = k.superIndex() >= 0 ? classes[k.superIndex()] : null;
      }
    }
    return result;
  }

  public HeapClass heapClass(int index) {
    return classes[index];
  }

  /** Class index of object {@code id} (class objects are instances of {@code java.lang.Class}). */
  public int classOf(int id) {
    return classOf.get(id);
  }

  /** The column behind {@link #classOf(int)}: for loops over every object. */
  public ClassColumn classColumn() {
    return classOf;
  }

  /** Number of objects of class {@code index}. */
  public long instanceCount(int index) {
    return instanceCounts[index];
  }

  /**
   * Whether any object is of a class marked in {@code classes} (by class index, as {@link
   * #subclassesOf} gives them): a scan of every object for them is owed only then.
   */
  public boolean hasInstances(boolean[] classes) {
    for (int c = 0; c < classes.length; c++) {
      if (classes[c] && instanceCounts[c] > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Frees the garbage of a finished phase before the next one allocates its large arrays. Without
   * it the JVM grows the heap instead of collecting (a phase's arrays are hundreds of MB), and the
   * resident set ends up well above what is live. A full collection here is cheap: the index is a
   * few large primitive arrays with nothing to trace inside them.
   */
  public static void releaseGarbage() {
    System.gc();
  }

  /** Shallow size of object {@code id} in bytes, as the JVM lays it out. */
  public long shallowSize(int id) {
    return (sizes.units(id) & 0xffffffffL) << 3;
  }

  /**
   * Moves the per-object data that graph algorithms do not read — file offsets and shallow sizes, 5
   * bytes per object, and the content hashes of byte and char arrays — to a temporary file until
   * the returned handle is closed, so that the dominator computation's own arrays fit beside the
   * graph. Until then {@link #shallowSize}, and every method that reads from the dump, must not be
   * called, from any thread. If the temporary file cannot be written the data simply stays in
   * memory. Closing the handle twice is harmless. Hashes still parked from an earlier call (no
   * String has asked for them since) stay where they are, and so do offsets parked by {@link
   * #parkOffsets}.
   */
  public Closeable parkObjectData() {
    int @Nullable [] low = offsets.detachLow();
    byte[] size1 = sizes.detach();
    long[] hashes = content.hashes;
    boolean withHashes = hashes != ContentHashes.PARKED;
    java.nio.channels.@Nullable FileChannel ch = null;
    try {
      ch = IntArrays.temporaryFile();
      if (low != null) {
        IntArrays.write(ch, low);
      }
      IntArrays.writeBytes(ch, size1);
      if (withHashes) {
        IntArrays.writeLongs(ch, hashes);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      if (low != null) {
        offsets.attachLow(low);
      }
      sizes.attach(size1);
      return () -> {};
    }
    int n = size1.length;
    boolean withOffsets = low != null;
    int hashCount = hashes.length; // not the array: the handle must not keep it alive
    if (withHashes) {
      content.hashes = ContentHashes.PARKED;
    }
    java.nio.channels.FileChannel parked = ch;
    java.util.concurrent.atomic.AtomicBoolean restored =
        new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (!restored.compareAndSet(false, true)) {
        return;
      }
      try {
        parked.position(0);
        if (withOffsets) {
          offsets.attachLow(IntArrays.read(parked, n));
        }
        sizes.attach(IntArrays.readBytes(parked, n));
        if (withHashes) {
          // the hashes stay in the file until the first String asks (the inspections, after the
          // dominator tree is freed), so they do not add to the memory the tree's last phases hold
          content.parkedIn(parked, parked.position(), hashCount);
        } else {
          parked.close();
        }
      } catch (IOException | RuntimeException | Error e) {
        parked.close();
        throw e;
      }
    };
  }

  /**
   * Moves the file offsets (4 bytes per object) to a temporary file until the returned handle is
   * closed. Meanwhile the index still reads objects from the dump: each offset is read from the
   * file through a 64 KB cache, which suits phases that read a few objects (the suspects) and not a
   * scan of many. {@link #parkObjectData} leaves them where they are. If the file cannot be
   * written, they stay in memory. Closing the handle twice is harmless.
   */
  public Closeable parkOffsets() {
    int @Nullable [] low = offsets.detachLow();
    if (low == null) {
      return () -> {}; // parked already: the outer handle restores them
    }
    ParkedArrays parked = ParkedArrays.park(low);
    low = null;
    if (!parked.inFile()) {
      try (parked) {
        offsets.attachLow(parked.read(0));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // not from memory
      }
      return () -> {};
    }
    offsets.readLowFrom(parked.reader(0));
    return restoreOnce(parked, p -> offsets.attachLow(p.read(0)));
  }

  /** What a parking handle does with the parked arrays when it is closed. */
  @FunctionalInterface
  private interface Restore {
    void from(ParkedArrays parked) throws IOException;
  }

  /**
   * A handle that brings the arrays back with {@code restore} and closes their file, the first time
   * it is closed; closing it again is harmless.
   */
  private static Closeable restoreOnce(ParkedArrays parked, Restore restore) {
    java.util.concurrent.atomic.AtomicBoolean restored =
        new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (!restored.compareAndSet(false, true)) {
        return;
      }
      try (parked) {
        restore.from(parked);
      }
    };
  }

  private static void closeQuietly(@Nullable Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing was written that anyone will read
      }
    }
  }

  /** The class that object {@code id} represents if it is a class object, else null. */
  public @Nullable HeapClass representedClass(int id) {
    int c = classByObject.get(id, -1);
    return c < 0 ? null : classes[c];
  }

  public ReferenceGraph graph() {
    return graph;
  }

  /**
   * Moves the graph's edges — the edge starts' distances and the targets, 2 bytes per object and 4
   * per reference (the starts' small per-block part stays) — to a temporary file until the returned
   * handle is closed. Meanwhile {@link #graph} reads them from the file one element at a time
   * (through a 64 KB cache): right for phases that follow the references of a few objects, far too
   * slow for a scan of the graph, which goes through {@link ReferenceGraph#forEachEdgeList} (it
   * reads the file in pieces). Graphs obtained before keep the edges in memory, so callers must not
   * hold one across this call. If the temporary file cannot be written the edges simply stay in
   * memory. Closing the handle twice is harmless.
   */
  public Closeable parkGraph() {
    ReferenceGraph inMemory = graph;
    int[][] edges = inMemory.edgeArrays();
    if (edges == null) {
      return () -> {}; // parked already: the outer handle restores them
    }
    ParkedArrays parked = ParkedArrays.park(edges);
    if (!parked.inFile()) {
      return () -> {};
    }
    graph = new ReferenceGraph.Parked(inMemory, parked.reader(0), parked.reader(1, edges.length));
    return restoreOnce(parked, p -> graph = graph.withEdges(p.readAll()));
  }

  public GcRoots roots() {
    return roots;
  }

  public ObjectLayout layout() {
    return layout;
  }

  /**
   * Bytes of the per-object and per-reference arrays this index keeps: class (2 bytes per object up
   * to 65,536 classes, 4 beyond), size (1), file offset (4), edge start (about 2.1: {@link
   * io.leakscope.heap.internal.EdgeStarts}) and edge targets (4 bytes per reference). The per-class
   * tables, names and roots come on top; they do not grow with the number of objects.
   */
  public long memoryBytes() {
    return (long) classOf.bytesPerObject() * classOf.size() // classes
        + sizes.memoryBytes(classOf.size()) // sizes (possibly parked)
        + 4L * offsets.size() // low 32 bits of file offsets
        + graph.startsMemoryBytes() // edge starts, about 2.1 bytes per object
        + 4L * graph.edgeCount() // edge targets
        + content.memoryBytes(); // content hashes of byte[] and char[], UTF-16 Strings
  }

  /** References to objects that are not in the dump (dropped from the graph). */
  public long missingReferences() {
    return missingReferences;
  }

  public long buildMillis() {
    return buildMillis;
  }

  /** File offset of the object's sub-record. */
  public long offset(int id) {
    return offsets.get(id);
  }

  /** Object id of the thread with this serial, or -1. */
  public int threadObject(int threadSerial) {
    return threadObjects.get(threadSerial, -1);
  }

  /** Name of the thread with this serial (read from its {@code Thread.name}), or null. */
  public @Nullable String threadName(int threadSerial) throws IOException {
    int t = threadObject(threadSerial);
    if (t < 0) {
      return null;
    }
    Long name = findReferenceField(t, "name");
    if (name == null) {
      return null;
    }
    int s = referencedObjectAt(t, name);
    return s < 0 ? null : readString(s, 200);
  }

  /**
   * The stack of the thread with this serial, innermost frame first, or an empty list. Frames read
   * as in a Java stack trace: {@code java.lang.Object.wait(Object.java:338)}, with {@code (Unknown
   * Source)} or {@code (Native Method)} where the dump has no line.
   */
  public List<String> threadStack(int threadSerial) {
    int serial = threadTraces.get(threadSerial, -1);
    long[] trace = serial < 0 ? null : stackTraces.get(serial);
    if (trace == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (long f : trace) {
      HeapIndexBuilder.StackFrameInfo fi = frames.get(f);
      if (fi != null) {
        String method = strings.getOrDefault(fi.methodId(), "?");
        Long classNameId = classNameIdsBySerial.get(fi.classSerial());
        String cls = classNameId == null ? null : strings.get(classNameId);
        String source = fi.sourceFileId() == 0 ? null : strings.get(fi.sourceFileId());
        String where;
        if (fi.line() == -3) {
          where = "Native Method";
        } else if (source == null) {
          where = "Unknown Source";
        } else if (fi.line() > 0) {
          where = source + ":" + fi.line();
        } else {
          where = source;
        }
        out.add(
            (cls == null ? "" : JavaNames.fromInternal(cls) + ".") + method + "(" + where + ")");
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Id of the object at {@code address} among the objects {@code from} references, or -1. The index
   * keeps no address map after it is built (that would cost 9 bytes per object), so this reads the
   * addresses of {@code from}'s targets from the dump.
   */
  public int referencedObjectAt(int from, long address) throws IOException {
    if (address == 0) {
      return -1;
    }
    for (long e = graph.firstEdge(from); e < graph.endEdge(from); e++) {
      int t = graph.target(e);
      if (address(t) == address) {
        return t;
      }
    }
    return -1;
  }

  /** Address of object {@code id}, read from the dump. */
  public long address(int id) throws IOException {
    try (RecordInput in = file.open(offsets.get(id), 64)) {
      in.u1();
      return in.id();
    }
  }

  /**
   * The addresses of the objects {@code ids}, in that order: {@link #address} of each, read in file
   * order (ids are file order) through one reader that skips ahead over short gaps and reopens at
   * far ones. For many objects at once: on a gzip dump each {@link #address} inflates from the
   * start of the member that holds the object, about a millisecond, and the thousands of the
   * dominator tree's top took 6 s that way on a 1.5 GB dump.
   */
  public long[] addresses(int[] ids) throws IOException {
    long[] out = new long[ids.length];
    inFileOrder(
        ids,
        (k, id, in) -> {
          in.u1();
          out[k] = in.id();
        });
    return out;
  }

  /** What {@link #inFileOrder} does with each object: its position in the ids, and a reader. */
  private interface AtRecord {
    void read(int k, int id, RecordInput in) throws IOException;
  }

  /**
   * Calls {@code visit} for each of {@code ids} with a reader at the start of its record, in file
   * order (ids are file order), through one reader that skips ahead over short gaps and reopens at
   * far ones (and behind, for an id given twice).
   */
  private void inFileOrder(int[] ids, AtRecord visit) throws IOException {
    long[] order = new long[ids.length]; // id and position, sorted by id
    for (int k = 0; k < ids.length; k++) {
      order[k] = (long) ids[k] << 32 | k;
    }
    Arrays.sort(order);
    RecordInput in = null;
    try {
      for (long o : order) {
        long offset = offsets.get((int) (o >>> 32));
        if (in != null) {
          long p = in.position();
          if (file.readOn(p, offset)) {
            in.skip(offset - p);
          } else {
            in.close();
            in = null;
          }
        }
        if (in == null) {
          in = file.open(offset, 64 * 1024);
        }
        visit.read((int) o, (int) (o >>> 32), in);
      }
    } finally {
      if (in != null) {
        in.close();
      }
    }
  }

  /**
   * The {@code java.lang.ref.Reference.referent} of each of {@code ids} (the address it refers to,
   * 0 for none or for an object that is not a reference), in that order, read in file order through
   * one reader as {@link #addresses} does. The graph leaves these references out.
   */
  public long[] referents(int[] ids) throws IOException {
    int idSize = file.header().idSize();
    int[] referentAt = new int[classes.length]; // per class: offset in the instance data, or -1
    Arrays.fill(referentAt, -2);
    for (int id : ids) {
      int c = classOf.get(id);
      if (referentAt[c] == -2) {
        referentAt[c] = referentOffset(classes[c], idSize);
      }
    }
    long[] out = new long[ids.length];
    inFileOrder(
        ids,
        (k, id, in) -> {
          int at = referentAt[classOf.get(id)];
          if (at < 0 || in.u1() != HprofTag.INSTANCE_DUMP) {
            return;
          }
          in.id();
          in.u4();
          in.id();
          long length = in.u4() & 0xffffffffL;
          if (at + idSize <= length) {
            in.skip(at);
            out[k] = in.id();
          }
        });
    return out;
  }

  /** Where {@code Reference.referent} is in an instance's data of class {@code c}, or -1. */
  private int referentOffset(HeapClass c, int idSize) {
    int off = 0;
    // superclass chains are free of cycles (checked when the index is built)
    for (HeapClass k = c; k != null; k = k.superIndex >= 0 ? classes[k.superIndex] : null) {
      boolean reference = "java.lang.ref.Reference".equals(k.name);
      for (int i = 0; i < k.fieldTypes.length; i++) {
        if (reference
            && k.fieldTypes[i] == HprofTag.TYPE_OBJECT
            && "referent".equals(k.fieldNames[i])) {
          return off;
        }
        off += HprofTag.valueSize(k.fieldTypes[i], idSize);
      }
    }
    return -1;
  }

  /**
   * Index of the edge from {@code from} to the object at {@code targetAddress} among the references
   * {@code from} holds, in the order of {@link #referenceName}, or -1.
   */
  public int referenceIndex(int from, long targetAddress) throws IOException {
    try (RecordInput in = file.open(offsets.get(from), 8192)) {
      int tag = in.u1();
      int idSize = in.idSize();
      switch (tag) {
        case HprofTag.INSTANCE_DUMP:
          {
            in.id();
            in.u4();
            in.id();
            int n = in.u4();
            byte[] data = new byte[n];
            in.readFully(data, 0, n);
            int[] offs = classes[classOf.get(from)].referenceOffsets;
            for (int k = 0; k < offs.length; k++) {
              if (offs[k] + idSize <= n && readId(data, offs[k], idSize) == targetAddress) {
                return k;
              }
            }
            return -1;
          }
        case HprofTag.OBJ_ARRAY_DUMP:
          {
            in.id();
            in.u4();
            int n = in.u4();
            in.id();
            for (int k = 0; k < n; k++) {
              if (in.id() == targetAddress) {
                return k;
              }
            }
            return -1;
          }
        case HprofTag.CLASS_DUMP:
          {
            HeapClass c = representedClass(from);
            if (c == null) {
              return -1;
            }
            in.id();
            in.u4();
            long superId = in.id();
            long loader = in.id();
            if (superId == targetAddress) {
              return CLASS_SUPER;
            }
            if (loader == targetAddress) {
              return CLASS_LOADER;
            }
            for (int i = 0; i < c.staticNames.length; i++) {
              if (c.staticTypes[i] == HprofTag.TYPE_OBJECT && c.staticValues[i] == targetAddress) {
                return i;
              }
            }
            return -1;
          }
        default:
          return -1;
      }
    }
  }

  /** {@link #referenceIndex} of a class object's superclass edge. */
  public static final int CLASS_SUPER = -10;

  /** {@link #referenceIndex} of a class object's class loader edge. */
  public static final int CLASS_LOADER = -11;

  /**
   * Name of the step from {@code from} through its reference number {@code index} (from {@link
   * #referenceIndex}): {@code DeclaringClass.field}, {@code ElementType[12]}, {@code static
   * Foo.field}.
   */
  public @Nullable String referenceName(int from, int index) {
    HeapClass represented = representedClass(from);
    if (represented != null) {
      if (index == CLASS_SUPER) {
        return represented.name + ".<superclass>";
      }
      if (index == CLASS_LOADER) {
        return represented.name + ".<classloader>";
      }
      if (index >= 0 && index < represented.staticNames.length) {
        return "static " + represented.name + "." + represented.staticNames[index];
      }
      return represented.name + ".<?>";
    }
    HeapClass c = classes[classOf.get(from)];
    if (c.isArray()) {
      // element 12 of a HashMap$Node[] reads "java.util.HashMap$Node[12]"
      return c.name.substring(0, c.name.length() - 2) + "[" + index + "]";
    }
    if (index >= 0 && index < c.referenceNames.length) {
      return c.referenceNames[index];
    }
    return c.name + ".<class>";
  }

  /**
   * Value of the reference field {@code name} of instance {@code id} (first match up the chain).
   */
  public @Nullable Long findReferenceField(int id, String name) throws IOException {
    HeapClass c = classes[classOf.get(id)];
    for (int k = 0; k < c.referenceNames.length; k++) {
      String rn = c.referenceNames[k];
      if (rn.endsWith("." + name)) {
        try (RecordInput in = file.open(offsets.get(id), 8192)) {
          if (in.u1() != HprofTag.INSTANCE_DUMP) {
            return null;
          }
          in.id();
          in.u4();
          in.id();
          int n = in.u4();
          int off = c.referenceOffsets[k];
          if (off + in.idSize() > n) {
            return null;
          }
          in.skip(off);
          return in.id();
        }
      }
    }
    return null;
  }

  /**
   * Reads a primitive field of instance {@code id} as raw bits, or null if it has no such field.
   */
  public @Nullable Long findPrimitiveField(int id, String name) throws IOException {
    return findField(id, name, false);
  }

  /**
   * Reads field {@code name} of instance {@code id}, of any type, as raw bits (an address for a
   * reference), or null if it has no such field. Unlike {@link #findReferenceField} this also reads
   * fields the graph leaves out, such as {@code Reference.referent}.
   */
  public @Nullable Long findAnyField(int id, String name) throws IOException {
    return findField(id, name, true);
  }

  private @Nullable Long findField(int id, String name, boolean references) throws IOException {
    HeapClass c = classes[classOf.get(id)];
    int idSize = file.header().idSize();
    int off = 0;
    // superclass chains are free of cycles (checked when the index is built)
    for (HeapClass k = c; k != null; k = k.superIndex >= 0 ? classes[k.superIndex] : null) {
      for (int i = 0; i < k.fieldTypes.length; i++) {
        int t = k.fieldTypes[i];
        if ((references || t != HprofTag.TYPE_OBJECT) && k.fieldNames[i].equals(name)) {
          try (RecordInput in = file.open(offsets.get(id), 8192)) {
            if (in.u1() != HprofTag.INSTANCE_DUMP) {
              return null;
            }
            in.id();
            in.u4();
            in.id();
            long n = in.u4() & 0xffffffffL;
            if (off + HprofTag.valueSize(t, idSize) > n) {
              return null;
            }
            in.skip(off);
            return in.value(t);
          }
        }
        off += HprofTag.valueSize(t, idSize);
      }
    }
    return null;
  }

  /**
   * Text of a {@code java.lang.String} object (at most {@code maxChars}), or null if it is not one.
   */
  public @Nullable String readString(int id, int maxChars) throws IOException {
    if (!"java.lang.String".equals(classes[classOf.get(id)].name)) {
      return null;
    }
    Long value = findReferenceField(id, "value");
    if (value == null || value == 0) {
      return value == null ? null : "";
    }
    int arr = referencedObjectAt(id, value);
    if (arr < 0) {
      return null;
    }
    Long coder = findPrimitiveField(id, "coder");
    try (RecordInput in = file.open(offsets.get(arr), 8192)) {
      if (in.u1() != HprofTag.PRIM_ARRAY_DUMP) {
        return null;
      }
      in.id();
      in.u4();
      int n = in.u4();
      int type = in.u1();
      if (type == HprofTag.TYPE_CHAR) {
        int k = Math.min(n, maxChars);
        char[] cs = new char[k];
        for (int i = 0; i < k; i++) {
          cs[i] = (char) in.u2();
        }
        return new String(cs);
      }
      if (type != HprofTag.TYPE_BYTE) {
        return null;
      }
      boolean utf16 = coder != null && coder == 1;
      int bytes = Math.min(n, maxChars * (utf16 ? 2 : 1));
      byte[] b = new byte[bytes];
      in.readFully(b, 0, bytes);
      // HotSpot stores UTF16 strings in the platform's byte order; x86 and aarch64 are
      // little-endian
      return new String(b, utf16 ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }
  }

  static long readId(byte[] b, int off, int idSize) {
    long v = 0;
    for (int i = 0; i < idSize; i++) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  /**
   * A 64-bit hash of primitive array {@code id}'s element type, length and bytes: equal arrays hash
   * alike, different ones almost never (about {@code k²/2⁶⁵} for a false pair among {@code k}
   * arrays). Made during the index build for {@code byte[]} and {@code char[]} up to 4 KB, so
   * grouping Strings by it reads nothing; other arrays are read from the dump. An object that is
   * not a primitive array gets a value of its own, not a content hash. Never 0.
   */
  public long contentHash(int id) throws IOException {
    long h = content.hash(id);
    return h != 0 ? h : hashFromDump(id);
  }

  /**
   * {@link #contentHash}, for a caller that asks for a bounded number of hashes before the
   * inspections: while pass 2's hashes wait in their file, each is read from it alone (one
   * positional read) instead of bringing them all into memory (8 bytes per {@code byte[]} and
   * {@code char[]}), which would raise the memory of every phase until the inspections.
   */
  public long contentHashAlone(int id) throws IOException {
    long h = content.peek(id);
    return h != 0 ? h : hashFromDump(id);
  }

  /** The hash pass 2 stored for array {@code id}, or 0 (tests: stored, not read from the dump). */
  long storedContentHash(int id) throws IOException {
    return content.hash(id);
  }

  /**
   * Frees the content hashes made during the build (8 bytes per {@code byte[]} and {@code char[]}
   * up to 4 KB), for a caller that will not ask for many more: {@link #contentHash} stays correct,
   * reading each array from the dump from then on.
   */
  public void dropContentHashes() throws IOException {
    content.drop();
  }

  private long hashFromDump(int id) throws IOException {
    try (RecordInput in = file.open(offsets.get(id), 64 * 1024)) {
      if (in.u1() != HprofTag.PRIM_ARRAY_DUMP) {
        return ContentHash.fmix(~(long) id) | 1; // not readable as an array: a key of its own
      }
      in.id();
      in.u4();
      long length = in.u4() & 0xffffffffL;
      int type = in.u1();
      int size = HprofTag.valueSize(type, in.idSize());
      if (size <= 0) {
        return ContentHash.fmix(~(long) id) | 1; // no element type the reader accepts
      }
      long bytes = length * size;
      byte[] chunk = new byte[(int) Math.min(bytes, 64 * 1024)];
      long h = ContentHash.start(type);
      for (long done = 0; done < bytes; ) {
        int k = (int) Math.min(bytes - done, chunk.length);
        in.readFully(chunk, 0, k);
        h = ContentHash.update(h, chunk, 0, k);
        done += k;
      }
      return ContentHash.finish(h, bytes);
    }
  }

  /**
   * Whether {@code java.lang.String} {@code id} holds UTF-16 ({@code coder} 1); false for Latin-1
   * ones, Strings of JDKs before 9 (which have no coder) and other objects. Read during the index
   * build.
   */
  public boolean isUtf16String(int id) {
    return content.utf16(id);
  }

  /** A UTF8 record's text by id, or null. */
  public @Nullable String utf8(long id) {
    return strings.get(id);
  }

  @Override
  public void close() throws IOException {
    try {
      content.close();
    } finally {
      file.close();
    }
  }
}
