package io.leakscope.heap;

import io.leakscope.heap.internal.EdgeStarts;
import io.leakscope.heap.internal.IntFileReader;
import org.jspecify.annotations.Nullable;

/**
 * The object graph of a heap dump as plain int arrays, for graph algorithms.
 *
 * <p>Objects are dense ids {@code 0 .. nodeCount()-1}. Outbound references of object {@code v} are
 * {@code target(e)} for {@code e} in {@code [firstEdge(v), endEdge(v))} (compressed sparse rows).
 * Edge positions are {@code long}: a graph of more than 2<sup>31</sup> − 9 references (past what
 * one Java array holds) keeps its targets in chunks ({@link Wide}). In addition each object may
 * have one <em>implicit</em> successor, {@link #extraSuccessor(int)}: the {@code java.lang.Class}
 * object of its class (an instance keeps its class, and so its class loader, alive). It is {@code
 * -1} where there is none. References through {@code java.lang.ref.Reference.referent} are not in
 * the graph at all, so that weak, soft, phantom and final references keep nothing alive, and
 * neither are those through {@code Reference.discovered}, the collector's own list of references
 * found dead and pending: it links references that have nothing to do with each other (a logger's
 * weak reference to one held by a thread-local), so that what one holds seemed reachable from the
 * other's root (see {@link #followed}). Targets are always valid ids (references to objects missing
 * from the dump are dropped and counted when the graph is built). Self loops and duplicate edges
 * may occur.
 *
 * <p>Memory: about 2.1 bytes per object for the edge starts ({@link EdgeStarts}: a 16-bit distance
 * from a base per 64 objects) and 4 bytes per reference for the targets, in either form; the
 * implicit class edge costs nothing beyond the {@code classOf} array that the index keeps anyway.
 *
 * <p>The edges are usually in memory. While {@link HeapIndex#parkGraph} has them in a temporary
 * file, the index hands out a graph that reads them from there one element at a time: as correct,
 * and fast enough for the phases that follow the references of a few objects; a scan of the whole
 * graph goes through {@link #forEachEdgeList}, which reads the file in pieces.
 *
 * <p>Immutable after construction; safe to read from several threads.
 */
public sealed class ReferenceGraph permits ReferenceGraph.Parked, ReferenceGraph.Wide {
  private static final int[] NONE = new int[0];

  /** Targets per chunk of a graph too big for one array: 2^27, 512 MB. */
  static final int WIDE_CHUNK_BITS = 27;

  private final int nodeCount;
  private final long edgeCount;

  /** Each object's first edge, and the end of the last object's edges. */
  private final EdgeStarts starts;

  private final int[] targets;
  private final @Nullable ClassColumn classOf;
  private final int[] classObjectOfClass;

  /** The chunks' size when the targets are in chunks ({@link Wide}), for restoring a parked one. */
  private final int chunkBits;

  /**
   * @param nodeCount number of objects
   * @param edgeStart {@code nodeCount + 1} entries; edges of v are {@code [edgeStart[v],
   *     edgeStart[v+1])}
   * @param targets edge targets, each in {@code [0, nodeCount)}
   * @param classOf class index of each object (length {@code nodeCount}), or null for no implicit
   *     edges
   * @param classObjectOfClass for each class index, the object id of its {@code java.lang.Class}
   *     object, or -1; may be null when {@code classOf} is null
   */
  public ReferenceGraph(
      int nodeCount,
      int[] edgeStart,
      int[] targets,
      int @Nullable [] classOf,
      int[] classObjectOfClass) {
    this(
        nodeCount,
        startsOf(nodeCount, edgeStart),
        targets,
        classOf == null ? null : ClassColumn.of(classOf),
        classObjectOfClass,
        WIDE_CHUNK_BITS);
  }

  private static EdgeStarts startsOf(int nodeCount, int[] edgeStart) {
    if (edgeStart.length < nodeCount + 1) {
      throw new IllegalArgumentException(
          "edgeStart: " + edgeStart.length + " entries (expected: " + (nodeCount + 1) + "+)");
    }
    EdgeStarts.Builder starts = new EdgeStarts.Builder(nodeCount + 1);
    for (int v = 0; v <= nodeCount; v++) {
      starts.add(edgeStart[v]);
    }
    return starts.build();
  }

  /** As the public constructor, with the index's class column and compressed starts. */
  private ReferenceGraph(
      int nodeCount,
      EdgeStarts starts,
      int[] targets,
      @Nullable ClassColumn classOf,
      int[] classObjectOfClass,
      int chunkBits) {
    if (starts.count() != nodeCount + 1) {
      throw new IllegalArgumentException(
          "starts: " + starts.count() + " entries (expected: " + (nodeCount + 1) + ")");
    }
    this.nodeCount = nodeCount;
    this.edgeCount = starts.get(nodeCount);
    this.starts = starts;
    this.targets = targets;
    this.classOf = classOf;
    this.classObjectOfClass = classObjectOfClass;
    this.chunkBits = chunkBits;
  }

  /**
   * The graph the index builds: in one array of targets when there is one chunk and fewer than 2^31
   * references, else {@link Wide}.
   *
   * @param starts each object's first edge, and the end ({@code nodeCount + 1} entries)
   * @param chunks the targets, in order: every chunk but the last of exactly 2^{@code chunkBits}
   */
  static ReferenceGraph of(
      int nodeCount,
      EdgeStarts starts,
      int[][] chunks,
      int chunkBits,
      @Nullable ClassColumn classOf,
      int[] classObjectOfClass) {
    if (chunks.length == 1 && starts.get(nodeCount) <= Integer.MAX_VALUE) {
      return new ReferenceGraph(
          nodeCount, starts, chunks[0], classOf, classObjectOfClass, chunkBits);
    }
    return new Wide(nodeCount, starts, chunks, chunkBits, classOf, classObjectOfClass);
  }

  /** The same objects and classes, without edges in memory: for {@link Parked}. */
  private ReferenceGraph(ReferenceGraph inMemory) {
    this.nodeCount = inMemory.nodeCount;
    this.edgeCount = inMemory.edgeCount;
    this.starts = inMemory.starts.withoutPacked();
    this.targets = NONE;
    this.classOf = inMemory.classOf;
    this.classObjectOfClass = inMemory.classObjectOfClass;
    this.chunkBits = inMemory.chunkBits;
  }

  /**
   * The same graph with its targets in chunks of 2<sup>{@code chunkBits}</sup>, as a graph of more
   * than 2<sup>31</sup> references is held: for tests of the code that reads graphs, which must
   * give the same answers on both forms.
   */
  public ReferenceGraph chunked(int chunkBits) {
    if (chunkBits < 1 || chunkBits > 30) {
      throw new IllegalArgumentException("chunkBits: " + chunkBits + " (expected: 1..30)");
    }
    int[][] edges = edgeArrays();
    if (edges == null) {
      throw new IllegalStateException("the graph is parked");
    }
    return new Wide(
        nodeCount, starts, split(edges, chunkBits), chunkBits, classOf, classObjectOfClass);
  }

  /** The targets of {@code edges} (all arrays but the first) as chunks of 2^chunkBits. */
  private int[][] split(int[][] edges, int chunkBits) {
    int chunk = 1 << chunkBits;
    int[][] chunks = new int[(int) Math.max(1, (edgeCount + chunk - 1) >>> chunkBits)][];
    for (int k = 0; k < chunks.length; k++) {
      long first = (long) k << chunkBits;
      int[] c = new int[(int) Math.min(chunk, edgeCount - first)];
      for (int j = 0; j < c.length; j++) {
        c[j] = targetIn(edges, first + j);
      }
      chunks[k] = c;
    }
    return chunks;
  }

  /** Target {@code e} of arrays as {@link #edgeArrays} gives them. */
  private int targetIn(int[][] edges, long e) {
    long at = e;
    for (int k = 1; ; k++) {
      if (at < edges[k].length) {
        return edges[k][(int) at];
      }
      at -= edges[k].length;
    }
  }

  /**
   * The graph while {@link HeapIndex#parkGraph} has its edges in a temporary file. A subclass
   * rather than a branch in every accessor, so that the accessors the graph algorithms call
   * millions of times stay an array read that the JIT inlines: with the file's slow path in the
   * same methods, their compiled code grew too big to inline once that path had run, and the path
   * search after the suspects ran a third slower.
   */
  static final class Parked extends ReferenceGraph {
    private final IntFileReader distances;
    private final IntFileReader edges;

    /**
     * @param distances the edge starts' packed distances, as {@link #edgeArrays()} gives them first
     * @param edges all the targets, in order, whatever the chunks they were in
     */
    Parked(ReferenceGraph inMemory, IntFileReader distances, IntFileReader edges) {
      super(inMemory);
      this.distances = distances;
      this.edges = edges;
    }

    @Override
    public long firstEdge(int v) {
      return start(v);
    }

    @Override
    public long endEdge(int v) {
      return start(v + 1);
    }

    private long start(int v) {
      return starts().value(v, distances.get(v >>> 1));
    }

    @Override
    public int target(long e) {
      return edges.get(e);
    }

    @Override
    int @Nullable [][] edgeArrays() {
      return null;
    }

    /**
     * Reads the starts and the targets in pieces of {@value #SCAN_PIECE} elements, in order: one
     * sequential read of each file, and about 3.5 MB of buffers.
     */
    @Override
    public void forEachEdgeList(EdgeListVisitor visitor) {
      EdgeStarts starts = starts();
      // the distances of entries v0 .. v0 + SCAN_PIECE (v0 even: two to an int)
      int[] words = new int[SCAN_PIECE / 2 + 1];
      long[] first = new long[SCAN_PIECE + 1];
      int[] piece = new int[SCAN_PIECE];
      long pieceStart = 0;
      int pieceLength = 0;
      for (int v0 = 0; v0 < nodeCount(); v0 += SCAN_PIECE) {
        int k = Math.min(SCAN_PIECE, nodeCount() - v0);
        int w0 = v0 >>> 1;
        distances.read(w0, words, 0, ((v0 + k) >>> 1) - w0 + 1);
        for (int j = 0; j <= k; j++) {
          first[j] = starts.value(v0 + j, words[((v0 + j) >>> 1) - w0]);
        }
        long pieceEnd = first[k];
        for (int j = 0; j < k; j++) {
          long from = first[j];
          long to = first[j + 1];
          if (to - from > piece.length) {
            int[] whole = new int[Math.toIntExact(to - from)]; // one list longer than a piece
            edges.read(from, whole, 0, whole.length);
            visitor.edges(v0 + j, whole, 0, whole.length);
            continue;
          }
          if (from < pieceStart || to > pieceStart + pieceLength) {
            pieceStart = from;
            pieceLength = (int) Math.min(piece.length, pieceEnd - from);
            edges.read(from, piece, 0, pieceLength);
          }
          visitor.edges(v0 + j, piece, (int) (from - pieceStart), (int) (to - pieceStart));
        }
      }
    }
  }

  /**
   * A graph of more references than one array holds: the targets in chunks of 2<sup>{@code
   * chunkBits}</sup>. A subclass for the reason {@link Parked} is: dumps of today's sizes never
   * load it, and their accessors stay one array read.
   */
  static final class Wide extends ReferenceGraph {
    private final int[][] chunks;
    private final int shift;
    private final int mask;

    Wide(
        int nodeCount,
        EdgeStarts starts,
        int[][] chunks,
        int chunkBits,
        @Nullable ClassColumn classOf,
        int[] classObjectOfClass) {
      super(nodeCount, starts, NONE, classOf, classObjectOfClass, chunkBits);
      this.chunks = chunks;
      this.shift = chunkBits;
      this.mask = (1 << chunkBits) - 1;
      for (int k = 0; k < chunks.length; k++) {
        long expected = Math.min(1L << chunkBits, edgeCount() - ((long) k << chunkBits));
        if (chunks[k].length != expected) {
          throw new IllegalArgumentException(
              "chunk " + k + ": " + chunks[k].length + " targets (expected: " + expected + ")");
        }
      }
    }

    @Override
    public int target(long e) {
      return chunks[(int) (e >>> shift)][(int) e & mask];
    }

    @Override
    int[][] edgeArrays() {
      int[][] all = new int[chunks.length + 1][];
      all[0] = starts().packed();
      System.arraycopy(chunks, 0, all, 1, chunks.length);
      return all;
    }

    /** Lists within a chunk are handed over in place; the few that cross a chunk's end, copied. */
    @Override
    public void forEachEdgeList(EdgeListVisitor visitor) {
      int[] crossing = NONE;
      for (int v = 0; v < nodeCount(); v++) {
        long from = firstEdge(v);
        long to = endEdge(v);
        if (from == to) {
          visitor.edges(v, NONE, 0, 0); // perhaps at the end of the last chunk, full
          continue;
        }
        int[] chunk = chunks[(int) (from >>> shift)];
        int at = (int) from & mask;
        if (to - from <= chunk.length - at) {
          visitor.edges(v, chunk, at, at + (int) (to - from));
          continue;
        }
        int length = Math.toIntExact(to - from);
        if (crossing.length < length) {
          crossing = new int[length];
        }
        for (int j = 0; j < length; j++) {
          crossing[j] = target(from + j);
        }
        visitor.edges(v, crossing, 0, length);
      }
    }
  }

  /** Elements per piece of a parked graph's scan: 1 MB of targets. */
  private static final int SCAN_PIECE = 1 << 18;

  /** Receives each object's outbound references in {@link #forEachEdgeList}. */
  @FunctionalInterface
  public interface EdgeListVisitor {
    /**
     * The targets of object {@code v}'s references are {@code targets[from .. to)}; the array is
     * only valid during the call.
     */
    void edges(int v, int[] targets, int from, int to);
  }

  /**
   * Calls {@code visitor} with the references of every object, in id order (implicit class edges
   * not included). The way to scan the whole graph, whether its edges are in memory or parked.
   */
  public void forEachEdgeList(EdgeListVisitor visitor) {
    for (int v = 0; v < nodeCount; v++) {
      visitor.edges(v, targets, (int) starts.get(v), (int) starts.get(v + 1));
    }
  }

  /**
   * The same graph with the edges given (after they were parked), as {@link #edgeArrays} gave them:
   * the low words of the starts, then the targets' chunks.
   */
  ReferenceGraph withEdges(int[][] edges) {
    int[][] chunks = java.util.Arrays.copyOfRange(edges, 1, edges.length);
    return of(
        nodeCount, starts.withPacked(edges[0]), chunks, chunkBits(), classOf, classObjectOfClass);
  }

  /**
   * The edge starts' packed distances ({@link EdgeStarts#packed()}), then the targets in one array
   * or more (chunks), for parking; null if they are parked already.
   */
  int @Nullable [][] edgeArrays() {
    return new int[][] {starts.packed(), targets};
  }

  /** The bits of a chunk of targets, when there are chunks. */
  final int chunkBits() {
    return chunkBits;
  }

  /** The edge starts; without their distances while the graph is parked. */
  final EdgeStarts starts() {
    return starts;
  }

  /**
   * Whether the graph follows field {@code field} declared by class {@code declaringClass} (source
   * names): every reference field but {@code java.lang.ref.Reference}'s {@code referent} and {@code
   * discovered}.
   */
  public static boolean followed(String declaringClass, String field) {
    return !(declaringClass.equals("java.lang.ref.Reference")
        && (field.equals("referent") || field.equals("discovered")));
  }

  /** Bytes the edge starts hold in memory. */
  final long startsMemoryBytes() {
    return starts.memoryBytes();
  }

  public int nodeCount() {
    return nodeCount;
  }

  public long edgeCount() {
    return edgeCount;
  }

  public long firstEdge(int v) {
    return starts.get(v);
  }

  public long endEdge(int v) {
    return starts.get(v + 1);
  }

  public int target(long e) {
    return targets[(int) e];
  }

  /** The implicit successor of {@code v} (its class object), or -1. Never equal to {@code v}. */
  public int extraSuccessor(int v) {
    ClassColumn column = classOf;
    if (column == null) {
      return -1;
    }
    int c = column.get(v);
    if (c < 0) {
      return -1;
    }
    int o = classObjectOfClass[c];
    return o == v ? -1 : o;
  }
}
