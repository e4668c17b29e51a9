package io.leakscope.analysis.internal.inspections;

import io.leakscope.heap.HeapClass;
import io.leakscope.hprof.HprofTag;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Empty and sparse collections, and boxed numbers in collections.
 *
 * <p>Design note. Collections ({@code ArrayList}, {@code Vector}, {@code ArrayDeque}, {@code
 * HashMap}, {@code Hashtable}, {@code ConcurrentHashMap}, {@code HashSet} and their subclasses) are
 * judged from the graph: the backing array is the collection's edge to an array of the expected
 * class, its used slots are its non-null edges. Only candidates cost a read: the array's exact
 * length, and for lists the {@code size} field (a list may hold nulls). An empty collection wastes
 * its array; one with no array (lazily allocated, or the JDK's shared empty array) wastes nothing,
 * since its own few bytes are what a field costs and flagging it would flag every lazily
 * initialised collection. A collection is sparse when its array has more than {@value
 * #SPARSE_MIN_CAPACITY} slots and fewer than a quarter are used; the unused slots are wasted. Boxed
 * numbers are counted in list arrays and in hash-map nodes (found by walking each table's chains
 * and trees): a box wastes its slot minus the primitive it holds, plus its own size the first time
 * it is seen (cached boxes are shared).
 *
 * <p>Memory, in bytes: per object of the dump, one bit for each of three bit sets while the pass
 * runs (maps that belong to a set, visited map nodes, boxes seen); per class 6; the findings are
 * kept in {@link CollectionFindings}.
 */
final class CollectionWaste {
  /** Arrays of at most this many slots are never called sparse. */
  static final int SPARSE_MIN_CAPACITY = 16;

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

  private final InspectionContext cx;
  private final byte[] family;

  /** For list classes: offset of the size field in the field data, or -1. */
  private final int[] sizeOffset;

  private final boolean[] table;
  final CollectionFindings empty;
  final CollectionFindings sparse;
  final CollectionFindings boxed;

  private CollectionWaste(InspectionContext cx) {
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
    empty = new CollectionFindings("empty-collections", cx);
    sparse = new CollectionFindings("sparse-collections", cx);
    boxed = new CollectionFindings("boxed-collections", cx);
  }

  static CollectionWaste find(InspectionContext cx) throws IOException {
    CollectionWaste w = new CollectionWaste(cx);
    // a HashSet's map is judged as the set: mark those maps so they are not counted twice
    Bits setMaps = new Bits(cx.n);
    for (int v = 0; v < cx.n; v++) {
      if (w.family[cx.classOf.get(v)] == SET && cx.reachable.test(v)) {
        int m = w.setMap(v);
        if (m >= 0) {
          setMaps.set(m);
        }
      }
    }
    Bits visited = new Bits(cx.n);
    Bits seenBoxes = new Bits(cx.n);
    for (int v = 0; v < cx.n; v++) {
      int f = w.family[cx.classOf.get(v)];
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
    long end = cx.g.endEdge(set);
    for (long e = cx.g.firstEdge(set); e < end; e++) {
      int t = cx.g.target(e);
      if (family[cx.classOf.get(t)] == HASH) {
        return t;
      }
    }
    return -1;
  }

  /** The backing array of a collection: its first edge to an array of the expected class, or -1. */
  private int backingArray(int v, int f) {
    long end = cx.g.endEdge(v);
    for (long e = cx.g.firstEdge(v); e < end; e++) {
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
      long size = cx.readField(cx.records, v, sizeOffset[cx.classOf.get(v)], 4);
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
   * Boxes held by the list array, or by the nodes of the hash table. A collection is walked only if
   * one of its first {@link #BOX_SAMPLE} elements (or nodes) holds a box: collections of boxed
   * numbers hold nothing else in practice, and looking at the class of every element of every
   * collection costs a cache miss per element.
   */
  private void countBoxes(int v, int f, int array, Bits visited, Bits seenBoxes) {
    long boxes = 0;
    long wasted = 0;
    int boxClass = -1;
    IntList stack = null;
    int nodes = 0;
    long first = cx.g.firstEdge(array);
    long end = cx.g.endEdge(array);
    for (long e = first; e < end; e++) {
      int t = cx.g.target(e);
      if (f == LIST || f == DEQUE) {
        if (e - first == BOX_SAMPLE && boxes == 0) {
          return;
        }
        int b = cx.boxBytes[cx.classOf.get(t)];
        if (b > 0) {
          boxes++;
          wasted += boxWaste(t, b, seenBoxes);
          boxClass = boxClass < 0 ? cx.classOf.get(t) : boxClass;
        }
        continue;
      }
      if (!cx.hashNode[cx.classOf.get(t)] || visited.get(t)) {
        continue;
      }
      // a bucket: its chain or tree, depth first
      visited.set(t);
      stack = stack == null ? new IntList() : stack;
      stack.add(t);
      while (stack.size() > 0) {
        int node = stack.pop();
        nodes++;
        long nodeEnd = cx.g.endEdge(node);
        for (long ne = cx.g.firstEdge(node); ne < nodeEnd; ne++) {
          int x = cx.g.target(ne);
          int c = cx.classOf.get(x);
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
      // a box shared by many slots (a cached Long) costs less than the primitives would: boxing
      // wastes nothing there, it never saves anything either, so the waste is at least zero
      boxed.add(v, boxes, Math.max(0, wasted), (int) Math.min(Integer.MAX_VALUE, boxes), boxClass);
    }
  }

  private long boxWaste(int box, int primitiveBytes, Bits seenBoxes) {
    long w = (long) cx.refBytes - primitiveBytes;
    if (!seenBoxes.get(box)) {
      seenBoxes.set(box);
      w += cx.index.shallowSize(box);
    }
    return w;
  }

  int[] targets() {
    return Inspections.union(Inspections.union(empty.targets(), sparse.targets()), boxed.targets());
  }
}
