package io.leakscope.analysis.internal.dominators;

import io.leakscope.heap.ReferenceGraph;
import io.leakscope.heap.internal.IntFileReader;
import io.leakscope.heap.internal.ParkedArrays;
import io.leakscope.hprof.ProgressListener;
import java.io.Closeable;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The exact dominator tree of a {@link ReferenceGraph} whose GC roots hang below one virtual
 * super-root: object d dominates v when every path from the roots to v goes through d.
 *
 * <p>Computed by Semi-NCA (Georgiadis, Tarjan, Werneck, "Finding dominators in practice", 2006) on
 * int arrays without recursion; see the design note of {@link SemiNca} for the memory math
 * (temporarily 12 bytes per object + 4 bytes per reference above the result). The result keeps 4
 * bytes per object for the immediate dominators and 4 bytes per reachable object for a preorder of
 * the tree. {@link #children} builds a child index on first use: another 4 bytes per object + 4
 * bytes per reachable object, kept from then on.
 *
 * <p>Once the tree is made, only scans of the preorder remain: back to front for the retained sizes
 * ({@link #preorderBackwards()}), front to back after them ({@link #preorder()}). {@link
 * #parkPreorder} moves the preorder to a temporary file, read back through a 64 KB piece per scan,
 * which takes its 4 bytes per reachable object out of the retained sizes' and the suspects' phases
 * (see {@code docs/design.md}).
 *
 * <p>Immutable once computed (the child index is built lazily and safely published); all methods
 * may be called from several threads, but not while {@link #parkPreorder} or its closing runs.
 * Methods taking an object id throw {@link IndexOutOfBoundsException} for ids outside {@code [0,
 * nodeCount())}.
 */
public final class DominatorTree {
  /** {@link #immediateDominator} of an object that only the virtual super-root dominates. */
  public static final int ROOT = SemiNca.ROOT;

  /** {@link #immediateDominator} of an object that is not reachable from the roots. */
  public static final int UNREACHABLE = SemiNca.UNREACHABLE;

  private final int[] idom;
  private int @Nullable [] preorder; // first reachableCount entries are used; null while parked
  private @Nullable IntFileReader parkedPreorder; // while parked
  private final int reachableCount;
  private volatile ChildIndex childIndex;

  DominatorTree(int[] idom, int[] preorder, int reachableCount) {
    this.idom = idom;
    this.preorder = preorder;
    this.reachableCount = reachableCount;
  }

  /**
   * Computes the dominator tree of the objects reachable from {@code roots}.
   *
   * <p>The successors of object v are the targets of its references plus {@link
   * ReferenceGraph#extraSuccessor} when that is {@code >= 0}. Runs on the calling thread,
   * near-linear in practice, {@code O(m log n)} at worst, and reports phase {@code "dominators"} to
   * {@code progress} every few million objects.
   *
   * @param graph the objects and references; not modified
   * @param roots GC roots: the successors of the virtual super-root, duplicates allowed; not
   *     modified
   * @param progress receives progress; use {@link ProgressListener#NONE} for none
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a root is not an object id of {@code graph}, or the
   *     reachable references and roots together exceed the size of one Java array
   * @throws java.util.concurrent.CancellationException if {@code progress} cancels the work
   */
  public static DominatorTree compute(
      ReferenceGraph graph, int[] roots, ProgressListener progress) {
    Objects.requireNonNull(graph, "graph");
    return compute(() -> graph, roots, progress, () -> {});
  }

  /**
   * Computes the dominator tree like {@link #compute(ReferenceGraph, int[], ProgressListener)},
   * telling {@code hooks} when memory can be given back. The graph is asked of {@code graph} once
   * for the depth-first search and once more after {@link Hooks#graphDone}, so that no caller's
   * frame holds it and the second graph may be the same one with its edges parked (scanned in id
   * order, with {@link ReferenceGraph#forEachEdgeList}).
   *
   * @throws java.io.UncheckedIOException if a temporary file written during the computation cannot
   *     be read back
   */
  public static DominatorTree compute(
      Supplier<ReferenceGraph> graph, int[] roots, ProgressListener progress, Hooks hooks) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(hooks, "hooks");
    SemiNca.Result result = SemiNca.compute(graph, roots, progress, hooks);
    return new DominatorTree(result.idom(), result.preorder(), result.reachableCount());
  }

  /** What the caller may do between the steps of the computation, on the calling thread. */
  @FunctionalInterface
  public interface Hooks {
    /**
     * The depth-first search is done (called once): from here on the computation only scans the
     * graph in id order, twice, with {@link ReferenceGraph#forEachEdgeList}, so the caller may take
     * its edges out of memory, for instance with {@code HeapIndex.parkGraph}.
     */
    void graphDone();
  }

  /** The number of objects of the graph this tree was computed from. */
  public int nodeCount() {
    return idom.length;
  }

  /** The number of objects reachable from the roots. */
  public int reachableCount() {
    return reachableCount;
  }

  /**
   * The immediate dominator of {@code v}: the object closest to {@code v} that is on every path
   * from the roots to {@code v}; {@link #ROOT} if there is none (roots, and objects reachable from
   * several roots through disjoint paths); {@link #UNREACHABLE} if {@code v} is not reachable.
   */
  public int immediateDominator(int v) {
    return idom[v];
  }

  /** Whether {@code v} is reachable from the roots. */
  public boolean isReachable(int v) {
    return idom[v] != UNREACHABLE;
  }

  /**
   * The reachable object at {@code index} of a preorder walk of the dominator tree, for {@code
   * index} in {@code [0, reachableCount())}. Every object comes after its immediate dominator, so
   * iterating backwards accumulates bottom-up; the objects dominated by v (v included) are the
   * contiguous range that starts at v. Siblings appear in the order a depth-first search from the
   * roots first reached them.
   *
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public int objectInPreorder(int index) {
    Objects.checkIndex(index, reachableCount);
    int[] inMemory = preorder;
    return inMemory != null ? inMemory[index] : parked().get(index);
  }

  /**
   * A scan of the {@linkplain #objectInPreorder preorder} from front to back: the objects come in
   * the same order, from memory or, while it is parked, from its file 64 KB at a time.
   */
  public PreorderScan preorder() {
    return new PreorderScan();
  }

  /** One front-to-back scan of the preorder; not thread-safe (make one per thread). */
  public final class PreorderScan {
    private static final int PIECE = 1 << 14;
    private final int[] piece;
    private int pieceStart; // preorder index of piece[0]
    private int at; // index into piece of the next object
    private int end; // valid entries of piece

    private PreorderScan() {
      int[] inMemory = preorder;
      if (inMemory != null) {
        piece = inMemory;
        end = reachableCount;
      } else {
        piece = new int[Math.min(PIECE, Math.max(1, reachableCount))];
      }
    }

    /** Whether objects remain. */
    public boolean hasNext() {
      return pieceStart + at < reachableCount;
    }

    /**
     * The next object of the preorder.
     *
     * @throws NoSuchElementException if none remains
     * @throws java.io.UncheckedIOException if the parked preorder cannot be read
     */
    public int next() {
      if (at == end) {
        nextPiece();
      }
      return piece[at++];
    }

    private void nextPiece() {
      int from = pieceStart + end;
      if (from >= reachableCount) {
        throw new NoSuchElementException("the preorder has " + reachableCount + " objects");
      }
      int count = Math.min(piece.length, reachableCount - from);
      parked().read(from, piece, 0, count);
      pieceStart = from;
      at = 0;
      end = count;
    }
  }

  /**
   * A scan of the {@linkplain #objectInPreorder preorder} from back to front (children before their
   * immediate dominator, for sums bottom-up): from memory or, while it is parked, from its file 64
   * KB at a time, as {@link #preorder()}.
   */
  public BackwardScan preorderBackwards() {
    return new BackwardScan();
  }

  /** One back-to-front scan of the preorder; not thread-safe (make one per thread). */
  public final class BackwardScan {
    private static final int PIECE = 1 << 14;
    private final int[] piece;
    private int pieceStart; // preorder index of piece[0]
    private int at; // index into piece of the next object, counting down; -1 when used up

    private BackwardScan() {
      int[] inMemory = preorder;
      if (inMemory != null) {
        piece = inMemory;
        at = reachableCount - 1;
      } else {
        piece = new int[Math.min(PIECE, Math.max(1, reachableCount))];
        pieceStart = reachableCount;
        at = -1;
      }
    }

    /** Whether objects remain. */
    public boolean hasNext() {
      return pieceStart + at >= 0;
    }

    /**
     * The next object, going back.
     *
     * @throws NoSuchElementException if none remains
     * @throws java.io.UncheckedIOException if the parked preorder cannot be read
     */
    public int next() {
      if (at < 0) {
        if (pieceStart == 0) {
          throw new NoSuchElementException("the preorder has " + reachableCount + " objects");
        }
        int from = Math.max(0, pieceStart - piece.length);
        int count = pieceStart - from;
        parked().read(from, piece, 0, count);
        pieceStart = from;
        at = count - 1;
      }
      return piece[at--];
    }
  }

  /**
   * Moves the preorder into a temporary file until the returned handle is closed, which deletes the
   * file and ends this tree's use: the preorder is not read back into memory. Scans ({@link
   * #preorder()}, {@link #preorderBackwards()}) read it from the file; {@link #objectInPreorder}
   * reads single objects through a 64 KB cache. If the file cannot be written, the preorder stays
   * in memory and nothing changes. Not while other threads read this tree.
   *
   * @throws IllegalStateException if it is parked already
   */
  public Closeable parkPreorder() {
    int[] inMemory = preorder;
    if (inMemory == null) {
      throw new IllegalStateException("the preorder is parked already");
    }
    ParkedArrays file = ParkedArrays.park(inMemory);
    if (!file.inFile()) {
      return () -> {};
    }
    parkedPreorder = file.reader(0);
    preorder = null;
    return file;
  }

  private IntFileReader parked() {
    return Objects.requireNonNull(parkedPreorder, "parkedPreorder");
  }

  /** The preorder as one array: the tree's own, or a copy read from its file while parked. */
  private int[] preorderArray() {
    int[] inMemory = preorder;
    if (inMemory != null) {
      return inMemory;
    }
    int[] copy = new int[reachableCount];
    parked().read(0, copy, 0, reachableCount);
    return copy;
  }

  /**
   * The objects whose immediate dominator is {@link #ROOT}, in {@linkplain #objectInPreorder
   * preorder}. Scans the tree, O(reachable objects); does not build the child index.
   *
   * @return a new array
   */
  public int[] topLevelObjects() {
    // Top-level objects start their subtrees' ranges, so they could be found by jumping over
    // ranges; that needs subtree sizes, which are not kept.
    int count = 0;
    for (PreorderScan scan = preorder(); scan.hasNext(); ) {
      if (idom[scan.next()] == ROOT) {
        count++;
      }
    }
    int[] result = new int[count];
    int next = 0;
    for (PreorderScan scan = preorder(); scan.hasNext() && next < count; ) {
      int v = scan.next();
      if (idom[v] == ROOT) {
        result[next++] = v;
      }
    }
    return result;
  }

  /**
   * The objects immediately dominated by {@code v}, in {@linkplain #objectInPreorder preorder}.
   * {@code v} may be {@link #ROOT} for the top-level objects; an unreachable object has none. The
   * first call builds a child index in O(reachable objects) (4 bytes per object + 4 bytes per
   * reachable object, kept); later calls cost O(children).
   *
   * @return a new array
   * @throws IndexOutOfBoundsException if {@code v} is neither an object id nor {@link #ROOT}
   */
  public int[] children(int v) {
    ChildIndex index = childIndex();
    int slot = slot(v);
    int from = index.start[slot];
    int to = index.start[slot + 1];
    int[] result = new int[to - from];
    System.arraycopy(index.children, from, result, 0, result.length);
    return result;
  }

  /**
   * The number of objects immediately dominated by {@code v}; builds the child index like {@link
   * #children}.
   *
   * @throws IndexOutOfBoundsException if {@code v} is neither an object id nor {@link #ROOT}
   */
  public int childCount(int v) {
    ChildIndex index = childIndex();
    int slot = slot(v);
    return index.start[slot + 1] - index.start[slot];
  }

  private int slot(int v) {
    if (v == ROOT) {
      return idom.length;
    }
    return Objects.checkIndex(v, idom.length);
  }

  private ChildIndex childIndex() {
    ChildIndex index = childIndex;
    if (index == null) {
      synchronized (this) {
        index = childIndex;
        if (index == null) {
          index = ChildIndex.build(idom, preorderArray(), reachableCount);
          childIndex = index;
        }
      }
    }
    return index;
  }

  /**
   * Children as CSR: those of object v are {@code children[start[v] .. start[v+1])}, those of the
   * super-root use slot {@code nodeCount}.
   */
  private static final class ChildIndex {
    final int[] start;
    final int[] children;

    private ChildIndex(int[] start, int[] children) {
      this.start = start;
      this.children = children;
    }

    static ChildIndex build(int[] idom, int[] preorder, int reachableCount) {
      int nodes = idom.length;
      int[] start = new int[nodes + 2];
      for (int k = 0; k < reachableCount; k++) {
        int d = idom[preorder[k]];
        start[d == ROOT ? nodes : d]++;
      }
      int total = 0;
      for (int s = 0; s <= nodes; s++) {
        total += start[s];
        start[s] = total; // end of slot s for now; filling backwards turns it into the start
      }
      start[nodes + 1] = total;
      int[] children = new int[reachableCount];
      for (int k = reachableCount - 1; k >= 0; k--) {
        int v = preorder[k];
        int d = idom[v];
        children[--start[d == ROOT ? nodes : d]] = v;
      }
      return new ChildIndex(start, children);
    }
  }
}
