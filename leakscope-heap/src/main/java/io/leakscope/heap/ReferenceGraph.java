package io.leakscope.heap;

import org.jspecify.annotations.Nullable;

/**
 * The object graph of a heap dump as plain int arrays, for graph algorithms.
 *
 * <p>Objects are dense ids {@code 0 .. nodeCount()-1}. Outbound references of object {@code v} are
 * {@code target(e)} for {@code e} in {@code [firstEdge(v), endEdge(v))} (compressed sparse rows).
 * At most 2<sup>31</sup>-1 references are supported. In addition each object may have one
 * <em>implicit</em> successor, {@link #extraSuccessor(int)}: the {@code java.lang.Class} object of
 * its class (an instance keeps its class, and so its class loader, alive). It is {@code -1} where
 * there is none. References through {@code java.lang.ref.Reference.referent} are not in the graph
 * at all, so that weak, soft, phantom and final references keep nothing alive. Targets are always
 * valid ids (references to objects missing from the dump are dropped and counted when the graph is
 * built). Self loops and duplicate edges may occur.
 *
 * <p>Memory: 4 bytes per object for {@code edgeStart}, 4 bytes per reference for {@code targets};
 * the implicit class edge costs nothing beyond the {@code classOf} array that the index keeps
 * anyway.
 *
 * <p>The edges are usually in memory. While {@link HeapIndex#parkGraph} has them in a temporary
 * file, the index hands out a graph that reads them from there one element at a time: as correct,
 * and fast enough for the phases that follow the references of a few objects; a scan of the whole
 * graph goes through {@link #forEachEdgeList}, which reads the file in pieces.
 *
 * <p>Immutable after construction; safe to read from several threads.
 */
public sealed class ReferenceGraph permits ReferenceGraph.Parked {
  private static final int[] NONE = new int[0];

  private final int nodeCount;
  private final int edgeCount;
  private final int[] edgeStart;
  private final int[] targets;
  private final @Nullable ClassColumn classOf;
  private final int[] classObjectOfClass;

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
        edgeStart,
        targets,
        classOf == null ? null : ClassColumn.of(classOf),
        classObjectOfClass);
  }

  /** As the public constructor, with the index's class column. */
  ReferenceGraph(
      int nodeCount,
      int[] edgeStart,
      int[] targets,
      @Nullable ClassColumn classOf,
      int[] classObjectOfClass) {
    if (edgeStart.length < nodeCount + 1) {
      throw new IllegalArgumentException(
          "edgeStart: " + edgeStart.length + " entries (expected: " + (nodeCount + 1) + "+)");
    }
    this.nodeCount = nodeCount;
    this.edgeCount = edgeStart[nodeCount];
    this.edgeStart = edgeStart;
    this.targets = targets;
    this.classOf = classOf;
    this.classObjectOfClass = classObjectOfClass;
  }

  /** The same objects and classes, without edges in memory: for {@link Parked}. */
  private ReferenceGraph(ReferenceGraph inMemory) {
    this.nodeCount = inMemory.nodeCount;
    this.edgeCount = inMemory.edgeCount;
    this.edgeStart = NONE;
    this.targets = NONE;
    this.classOf = inMemory.classOf;
    this.classObjectOfClass = inMemory.classObjectOfClass;
  }

  /**
   * The graph while {@link HeapIndex#parkGraph} has its edges in a temporary file. A subclass
   * rather than a branch in every accessor, so that the accessors the graph algorithms call
   * millions of times stay an array read that the JIT inlines: with the file's slow path in the
   * same methods, their compiled code grew too big to inline once that path had run, and the path
   * search after the suspects ran a third slower.
   */
  static final class Parked extends ReferenceGraph {
    private final io.leakscope.heap.internal.IntFileReader starts;
    private final io.leakscope.heap.internal.IntFileReader edges;

    Parked(
        ReferenceGraph inMemory,
        io.leakscope.heap.internal.IntFileReader starts,
        io.leakscope.heap.internal.IntFileReader edges) {
      super(inMemory);
      this.starts = starts;
      this.edges = edges;
    }

    @Override
    public int firstEdge(int v) {
      return starts.get(v);
    }

    @Override
    public int endEdge(int v) {
      return starts.get(v + 1L);
    }

    @Override
    public int target(int e) {
      return edges.get(e);
    }

    @Override
    int @Nullable [][] edgeArrays() {
      return null;
    }

    /**
     * Reads the starts and the targets in pieces of {@value #SCAN_PIECE} elements, in order: one
     * sequential read of each file, and about 2 MB of buffers.
     */
    @Override
    public void forEachEdgeList(EdgeListVisitor visitor) {
      int[] first = new int[SCAN_PIECE + 1];
      int[] piece = new int[SCAN_PIECE];
      long pieceStart = 0;
      int pieceLength = 0;
      for (int v0 = 0; v0 < nodeCount(); v0 += SCAN_PIECE) {
        int k = Math.min(SCAN_PIECE, nodeCount() - v0);
        starts.read(v0, first, 0, k + 1);
        for (int j = 0; j < k; j++) {
          int from = first[j];
          int to = first[j + 1];
          if (to - from > piece.length) {
            int[] whole = new int[to - from]; // one list longer than a piece: a big Object[]
            edges.read(from, whole, 0, whole.length);
            visitor.edges(v0 + j, whole, 0, whole.length);
            continue;
          }
          if (from < pieceStart || to > pieceStart + pieceLength) {
            pieceStart = from;
            pieceLength = (int) Math.min(piece.length, (long) first[k] - from);
            edges.read(from, piece, 0, pieceLength);
          }
          visitor.edges(v0 + j, piece, (int) (from - pieceStart), (int) (to - pieceStart));
        }
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
      visitor.edges(v, targets, edgeStart[v], edgeStart[v + 1]);
    }
  }

  /** The same graph with the edges given (after they were parked). */
  ReferenceGraph withEdges(int[] starts, int[] edgeTargets) {
    return new ReferenceGraph(nodeCount, starts, edgeTargets, classOf, classObjectOfClass);
  }

  /** The edge starts and targets, for parking; null if they are parked already. */
  int @Nullable [][] edgeArrays() {
    return new int[][] {edgeStart, targets};
  }

  public int nodeCount() {
    return nodeCount;
  }

  public int edgeCount() {
    return edgeCount;
  }

  public int firstEdge(int v) {
    return edgeStart[v];
  }

  public int endEdge(int v) {
    return edgeStart[v + 1];
  }

  public int target(int e) {
    return targets[e];
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
