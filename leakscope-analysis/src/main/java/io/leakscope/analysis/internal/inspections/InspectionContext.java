package io.leakscope.analysis.internal.inspections;

import io.leakscope.heap.ClassColumn;
import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What the inspections share: the index, per-class facts, two read windows and progress.
 *
 * <p>Design note. The per-class facts (is a String, is collection plumbing, is a hash-map node, the
 * bytes of the primitive a box holds) are arrays indexed by class, so a question about an object
 * costs its {@code classOf} entry and one array load. Of the two {@link DumpWindow}s, {@link
 * #records} follows a sweep in id order (file order) and {@link #arrays} serves the reads that
 * stray from it, so a stray read does not throw the sweep's window away. Progress is reported as
 * {@link #STEPS} passes over the ids: the String pass, the collection pass and each holder scan.
 *
 * <p>Memory, in bytes: per class 3 booleans and a byte; two 256 KB windows. Nothing per object.
 */
final class InspectionContext implements Closeable {
  static final int STEPS = 2 + WasteHolders.MAX_SCANS;
  static final String[] BOXES = {
    "java.lang.Integer",
    "java.lang.Long",
    "java.lang.Double",
    "java.lang.Float",
    "java.lang.Short",
    "java.lang.Byte",
    "java.lang.Character"
  };
  static final int[] BOX_BYTES = {4, 8, 8, 4, 2, 1, 2};

  final HeapIndex index;
  final ReferenceGraph g;
  final IntPredicate reachable;
  final ProgressListener progress;
  final int n;
  final ClassColumn classOf;
  final int refBytes;
  final int idSize;
  final boolean[] string;
  final boolean[] plumbing;
  final boolean[] hashNode;
  final byte[] boxBytes;
  final DumpWindow records;
  final DumpWindow arrays;

  /**
   * Bytes before the field data of an INSTANCE_DUMP, and before the elements of a PRIM_ARRAY_DUMP.
   */
  final int instanceHeader;

  final int arrayHeader;
  private int step;

  InspectionContext(HeapIndex index, IntPredicate reachable, ProgressListener progress) {
    this.index = index;
    this.g = index.graph();
    this.reachable = reachable;
    this.progress = progress;
    this.n = index.objectCount();
    this.classOf = index.classColumn();
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
    records = new DumpWindow(index.file());
    arrays = new DumpWindow(index.file());
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
   * JDK collections and their parts: {@code java.util} classes whose simple name (or a nested part
   * of it) is a list, map, set, queue, node or entry, and the {@code Collections}, {@code
   * ImmutableCollections} and {@code Arrays} wrappers.
   */
  static boolean isCollectionClass(String name) {
    if (!name.startsWith("java.util.") || name.endsWith("[]")) {
      return false;
    }
    String simple = name.substring(name.lastIndexOf('.') + 1);
    for (String part : simple.split("\\$")) {
      if (part.endsWith("List")
          || part.endsWith("Map")
          || part.endsWith("Set")
          || part.endsWith("Queue")
          || part.endsWith("Deque")
          || part.endsWith("Vector")
          || part.equals("Stack")
          || part.equals("Hashtable")
          || part.endsWith("Node")
          || part.endsWith("Entry")
          || part.equals("TreeBin")
          || part.equals("Collections")
          || part.equals("ImmutableCollections")
          || part.equals("Arrays")) {
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
    return index.heapClass(classOf.get(id));
  }

  int edgeCount(int v) {
    return (int) (g.endEdge(v) - g.firstEdge(v)); // one object: at most an array's elements
  }

  /**
   * Byte offset of field {@code field} declared by {@code declaring} in an instance's field data,
   * or -1.
   */
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
   * Offsets of the followed reference fields in an instance's field data, in the order of {@link
   * HeapClass#referenceFieldName}: every reference field except {@code Reference.referent}.
   */
  int[] referenceOffsets(int classIndex) {
    IntList offs = new IntList();
    int off = 0;
    HeapClass k = index.heapClass(classIndex);
    for (int depth = 0; k != null && depth < 1000; depth++) {
      String[] names = k.fieldNames();
      byte[] types = k.fieldTypes();
      for (int i = 0; i < names.length; i++) {
        if (types[i] == HprofTag.TYPE_OBJECT && ReferenceGraph.followed(k.name(), names[i])) {
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
  long readField(DumpWindow w, int id, int fieldOffset, int bytes) throws IOException {
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
