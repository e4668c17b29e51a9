package io.leakscope.analysis.internal.dominators;

import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import io.leakscope.heap.internal.ParkedArrays;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Immediate dominators of a {@link ReferenceGraph} below a virtual super-root, on int arrays.
 *
 * <h2>Algorithm</h2>
 *
 * <p>Semi-NCA: L. Georgiadis, R. E. Tarjan, R. F. Werneck, "Finding dominators in practice",
 * Journal of Graph Algorithms and Applications 10(1), 2006 (ESA 2004). Semidominators are computed
 * as in Lengauer–Tarjan (TOPLAS 1979) with simple path compression; immediate dominators are then
 * the nearest common ancestor of parent and semidominator, found by walking up the partially built
 * dominator tree in preorder. Chosen over full Lengauer–Tarjan because it needs no bucket lists and
 * is as fast or faster on real graphs; worst case O(m log n).
 *
 * <p>Nothing recurses: the DFS keeps its path in the spanning-tree parent array and the edge
 * cursors of the vertices on that path in a stack as deep as the path; path compression reverses
 * the ancestor links on the way up and restores them (compressed) on the way down, so it needs no
 * stack at all.
 *
 * <h2>Memory</h2>
 *
 * <p>With N objects, n reachable ones and m' = (references and class edges of reachable objects
 * that point at objects other than roots) + distinct roots predecessor entries (plus N/8 bytes for
 * a bit set of the roots while the lists are built):
 *
 * <ul>
 *   <li>{@code nodeInfo}, 4 N: node to preorder number during the DFS and while the predecessor
 *       lists are built. Temporary.
 *   <li>the current DFS path: object, preorder number and edge cursor, 12 bytes per vertex on it.
 *       Temporary.
 *   <li>{@code vertex}, 4 (n+1): preorder number to node, and {@code parents}, 4 n: the DFS parent
 *       of each vertex. Both are appended to temporary files as the DFS numbers the vertices
 *       ({@link ParkedArrays.Appender}: only append-only, so never whole in memory during the DFS),
 *       and read back later.
 *   <li>{@code predStart}, 4 (n+2): predecessor counts, then the start of each predecessor list,
 *       then each vertex's semidominator (written once its list has been read), finally the
 *       dominator-tree preorder (kept).
 *   <li>{@code preds}, 4 m': predecessors in preorder space; parked as soon as they are built, and
 *       read back backwards, a piece of 1 MB at a time, by the semidominator step, which visits the
 *       vertices from n down to 1. Built in segments of at most one array (2^31 − 9 entries), one
 *       at a time, so at most 4 × min(m', 2^31) bytes are in memory; past one segment each more
 *       costs one more scan of the graph. From 4M entries a segment is filled through {@link
 *       ScatterBuckets}: the entries sorted into buckets of vertices in a temporary file (8 bytes
 *       per entry, at most 64 MB of blocks in memory), then written bucket by bucket, so that the
 *       writes stay in the cache (the fill took half the time of a dump made of references).
 *   <li>{@code links}, 8 (n+1): one {@code long} per vertex holding two ints, so that the pair the
 *       inner loops read together is one load. High half: DFS parents, then the path-compressed
 *       ancestor links, then subtree sizes. Low half: the smallest semidominator on the compressed
 *       path, then the immediate dominators in preorder space. Temporary.
 *   <li>{@code idom}, 4 N: the result by node id, made last (kept).
 * </ul>
 *
 * <p>Not all of them are needed at once. The graph is read as a whole only by the DFS: {@code
 * hooks} hears when it is done, and the caller may then park the graph's edges; the predecessor
 * lists are built from two scans in id order ({@link ReferenceGraph#forEachEdgeList}), which read a
 * parked graph's file in pieces. The parents are read back twice in order, a piece at a time
 * (spread into {@code links} for the semidominators, then for the NCA step), {@code vertex} once
 * whole at the end; the tree's preorder is made in preorder space from {@code links} alone and
 * parked while {@code idom} is made. Peaks, in bytes per object (with about 1.5 entries per
 * object): the DFS 4 beside the graph; the lists 8 + 4 per entry; the semidominators 12; the end 12
 * (the links and the preorder; then the links' immediate dominators, {@code vertex} and {@code
 * idom}), of which the result keeps 8. Until 2026-12-06 the end held the links, the vertices and
 * the result at once, 16; on a 200M-object dump that was the analysis's peak once the graph's edge
 * starts were compressed. Before the appending, the parking of the lists and the scans of a parked
 * graph, the DFS held 12 beside the graph and the lists 8 + 4 per entry beside the graph, about 28
 * bytes per object with the graph on the benchmark dumps; now the whole computation stays under
 * about 16 besides the index's own columns. The parking costs one write and about two reads of 12
 * bytes per object and 4 per entry, which the page cache serves; if a temporary file cannot be
 * written, the arrays simply stay in memory. Every array here has at most n + 2 elements, so n may
 * reach the object ids' own limit (an earlier layout of {@code links}, two ints interleaved in one
 * {@code int[]}, stopped at about 2<sup>30</sup> objects).
 *
 * <p>Not thread-safe; the returned arrays are owned by the caller.
 */
final class SemiNca {
  /** Value of {@code idom[v]} when only the virtual super-root dominates {@code v}. */
  public static final int ROOT = -1;

  /** Value of {@code idom[v]} when {@code v} is not reachable from the roots. */
  public static final int UNREACHABLE = -2;

  private static final String PHASE = "dominators";

  // About 4 million steps between progress reports: cheap to check, a few reports per second.
  private static final int PROGRESS_MASK = (1 << 22) - 1;

  /**
   * The result.
   *
   * @param idom immediate dominator of each object by id, {@link #ROOT} or {@link #UNREACHABLE}
   * @param preorder the first {@code reachableCount} entries: reachable objects in a preorder of
   *     the dominator tree (children in DFS preorder)
   * @param reachableCount number of reachable objects
   */
  public record Result(int[] idom, int[] preorder, int reachableCount) {}

  private SemiNca() {}

  /**
   * Computes immediate dominators. See {@code DominatorTree.compute} for the contract.
   *
   * @throws IllegalArgumentException if a root is not an object id, or one object has more
   *     predecessors than one array holds
   * @throws java.util.concurrent.CancellationException if {@code progress} cancels
   */
  public static Result compute(
      Supplier<ReferenceGraph> graphs,
      int[] roots,
      ProgressListener progress,
      DominatorTree.Hooks hooks) {
    return compute(graphs, roots, progress, hooks, ParkedArrays.MAX_ARRAY_LENGTH, Scatter.DEFAULT);
  }

  /**
   * As {@link #compute(Supplier, int[], ProgressListener, DominatorTree.Hooks)}, with predecessor
   * lists in segments of at most {@code segmentEntries} entries (tests: a few, so that a small
   * graph takes the path of one with more than 2^31 entries), filled through buckets as {@code
   * scatter} says (tests: from a few entries, so that a small graph takes the path of a big one).
   */
  static Result compute(
      Supplier<ReferenceGraph> graphs,
      int[] roots,
      ProgressListener progress,
      DominatorTree.Hooks hooks,
      int segmentEntries,
      Scatter scatter) {
    ReferenceGraph graph = graphs.get();
    int nodes = graph.nodeCount();
    for (int k = 0; k < roots.length; k++) {
      if (roots[k] < 0 || roots[k] >= nodes) {
        throw new IllegalArgumentException(
            "roots[" + k + "]: " + roots[k] + " (expected: 0.." + (nodes - 1) + ")");
      }
    }
    int most = ParkedArrays.MAX_ARRAY_LENGTH - 2; // predStart has n + 2 entries
    if (nodes > most) {
      throw new IllegalArgumentException(
          "graph: " + nodes + " objects (expected: at most " + most + ")");
    }
    Progress report = new Progress(progress, nodes);

    int[] nodeInfo = new int[nodes]; // preorder number, 0 = not visited
    int n;
    // the vertices and the DFS parents go to temporary files as they are numbered
    ParkedArrays parents;
    ParkedArrays vertex;
    try (ParkedArrays.Appender vertices = ParkedArrays.appender(nodes + 1);
        ParkedArrays.Appender parentsOf = ParkedArrays.appender(nodes)) {
      n = depthFirstSearch(graph, roots, nodeInfo, vertices, parentsOf, report);
      vertex = vertices.finish();
      parents = parentsOf.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("temporary file of the dominator computation", e);
    }
    report.phaseDone(0);
    // the rest reads the graph only by scanning it in id order: the caller may park it now
    graph = null;
    hooks.graphDone();

    try (parents;
        vertex) {
      int[] predStart = new int[n + 2];
      Segments preds =
          predecessors(
              graphs.get(), roots, nodeInfo, n, predStart, segmentEntries, scatter, report);
      report.phaseDone(1);

      // The node-to-preorder map is no longer needed. The semidominator step compresses the DFS
      // parents into ancestor links; the NCA step needs them as they were, and reads them again.
      nodeInfo = null;
      long[] links = new long[n + 1];
      spreadParents(parents, links);
      try (preds) {
        semidominators(preds, predStart, links, n, report);
      }
      report.phaseDone(2);
      immediateDominators(parents, predStart, links, n, report);
      // The end holds at most 12 bytes per vertex, never the links (8), the vertices and the
      // result (4 each) at once: the tree's preorder is made in preorder space from the links
      // alone and parked, the links shrink to their immediate dominators, and only then come the
      // vertices, which turn both into object ids.
      int[] order = dominatorTreePreorder(links, predStart, n);
      predStart = null;
      try (ParkedArrays parkedOrder = ParkedArrays.park(order)) {
        order = null;
        collectIfBig(n); // the heap would rather grow than collect the arrays just dropped
        int[] idomInPreorder = new int[n + 1];
        for (int i = 1; i <= n; i++) {
          idomInPreorder[i] = low(links[i]);
        }
        links = null;
        collectIfBig(n);
        int[] vertices = vertex.read(0);
        int[] idom = new int[nodes];
        Arrays.fill(idom, UNREACHABLE);
        for (int i = 1; i <= n; i++) {
          int d = idomInPreorder[i];
          idom[vertices[i]] = d == 0 ? ROOT : vertices[d];
        }
        idomInPreorder = null;
        int[] preorder = parkedOrder.read(0);
        for (int p = 0; p < n; p++) {
          preorder[p] = vertices[preorder[p]];
        }
        report.phaseDone(3);
        return new Result(idom, preorder, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("temporary file of the dominator computation", e);
    }
  }

  /**
   * Asks for a collection before an allocation of 4 bytes per vertex when that is big (16 MB and
   * more), so that the arrays just dropped make room for it: on small graphs a full collection per
   * step costs more than the memory it saves (the tests compute thousands of them).
   */
  private static void collectIfBig(int n) {
    if (n >= 1 << 22) {
      HeapIndex.releaseGarbage();
    }
  }

  /** The DFS parents into the high halves of {@code links}, read back a piece at a time. */
  private static void spreadParents(ParkedArrays parents, long[] links) throws IOException {
    parents.readChunks(
        0,
        (first, chunk, count) -> {
          for (int j = 0; j < count; j++) {
            links[first + j + 1] = pack(chunk[j], 0);
          }
        });
  }

  /** Two ints in one long: {@code high} in bits 32–63, {@code low} in bits 0–31. */
  private static long pack(int high, int low) {
    return ((long) high << 32) | (low & 0xFFFF_FFFFL);
  }

  private static int high(long link) {
    return (int) (link >> 32);
  }

  private static int low(long link) {
    return (int) link;
  }

  /**
   * Immediate dominators in preorder space into the low halves of {@code links}, from the
   * semidominators in {@code semi}: idom(i) is the nearest common ancestor of parent(i) and semi(i)
   * in the dominator tree built so far; since semi(i) is a DFS ancestor of i it is found by
   * climbing while above it. The parents are read back in order, a piece at a time.
   */
  private static void immediateDominators(
      ParkedArrays parents, int[] semi, long[] links, int n, Progress report) throws IOException {
    parents.readChunks(
        0,
        (first, chunk, count) -> {
          for (int j = 0; j < count; j++) {
            int i = first + j + 1;
            int candidate = chunk[j];
            int s = semi[i];
            while (candidate > s) {
              candidate = low(links[candidate]);
            }
            links[i] = pack(high(links[i]), candidate);
            report.step(3, i, n);
          }
        });
  }

  /**
   * Numbers the objects reachable from the roots 1..n in DFS preorder (0 is the super-root),
   * appending each one's object id to {@code vertices} (after a -1 for the super-root) and its DFS
   * parent to {@code parents}, in preorder.
   *
   * @return n
   */
  private static int depthFirstSearch(
      ReferenceGraph graph,
      int[] roots,
      int[] pre,
      ParkedArrays.Appender vertices,
      ParkedArrays.Appender parents,
      Progress report) {
    int n = 0;
    vertices.add(-1);
    // The current path, one entry per depth: the object, its preorder number, and its next edge
    // (edge index endEdge(v) stands for the implicit class edge).
    int[] pathObject = new int[64];
    int[] pathNumber = new int[64];
    long[] cursors = new long[64];
    for (int root : roots) {
      if (pre[root] != 0) {
        continue;
      }
      n++;
      pre[root] = n;
      vertices.add(root);
      parents.add(0);
      int depth = 0;
      pathObject[0] = root;
      pathNumber[0] = n;
      cursors[0] = graph.firstEdge(root);
      while (depth >= 0) {
        int v = pathObject[depth];
        long c = cursors[depth];
        long end = graph.endEdge(v);
        int next = -1;
        while (c <= end) {
          int w = c < end ? graph.target(c) : graph.extraSuccessor(v);
          c++;
          if (w >= 0 && pre[w] == 0) {
            next = w;
            break;
          }
        }
        cursors[depth] = c;
        if (next < 0) {
          depth--;
          continue;
        }
        n++;
        pre[next] = n;
        vertices.add(next);
        parents.add(pathNumber[depth]);
        if (++depth == cursors.length) {
          pathObject = Arrays.copyOf(pathObject, 2 * depth);
          pathNumber = Arrays.copyOf(pathNumber, 2 * depth);
          cursors = Arrays.copyOf(cursors, 2 * depth);
        }
        pathObject[depth] = next;
        pathNumber[depth] = n;
        cursors[depth] = graph.firstEdge(next);
        if ((n & PROGRESS_MASK) == 0) {
          report.update(n);
        }
      }
    }
    return n;
  }

  /**
   * The predecessor lists, parked: vertices {@code first[s] .. first[s + 1] - 1} have theirs in
   * segment {@code s}, which holds {@code entries[s]} entries, and {@code predStart} holds each
   * list's start within its segment. One segment unless the lists hold more entries than one array
   * (about 2^31), as they do on a graph of that many references; no list is split.
   */
  private static final class Segments implements AutoCloseable {
    final ParkedArrays[] parked;
    final int[] first;
    final int[] entries;

    Segments(ParkedArrays[] parked, int[] first, int[] entries) {
      this.parked = parked;
      this.first = first;
      this.entries = entries;
    }

    @Override
    public void close() throws IOException {
      for (ParkedArrays p : parked) {
        p.close();
      }
    }
  }

  /**
   * Builds the predecessor lists in preorder space as CSR, in segments (see {@link Segments}):
   * after return, the predecessors of i are entries {@code predStart[i] .. } (to the next list's
   * start, or the segment's end) of its segment. The super-root (0) precedes every root.
   *
   * <p>Objects are visited in id order rather than preorder so that the graph's arrays are read
   * sequentially: once to count, then once per segment to fill (each scan fills the lists of one
   * segment, which is parked before the next is filled, so one segment at most is in memory). The
   * counts, then the fill cursors, are kept in {@code predStart} itself (each list's count one slot
   * ahead, then turned into starts within the segment; the filled cursors are shifted back by one
   * at the end), so that nothing but the preorder numbers and the graph is in memory beside the
   * lists.
   */
  private static Segments predecessors(
      ReferenceGraph graph,
      int[] roots,
      int[] pre,
      int n,
      int[] predStart,
      int segmentEntries,
      Scatter scatter,
      Progress report) {
    int nodes = graph.nodeCount();
    // A root's semidominator is the super-root whatever else points at it, so references to roots
    // need no entry. That drops most class edges: the classes of the boot loader are roots.
    long[] isRoot = new long[(nodes >>> 6) + 1];
    for (int root : roots) {
      if ((isRoot[root >>> 6] & (1L << root)) == 0) {
        isRoot[root >>> 6] |= 1L << root;
        predStart[pre[root] + 1]++;
      }
    }
    graph.forEachEdgeList(
        (v, targets, from, to) -> {
          if (pre[v] == 0) {
            return;
          }
          for (int e = from; e < to; e++) {
            int t = targets[e];
            if ((isRoot[t >>> 6] & (1L << t)) == 0) {
              predStart[pre[t] + 1]++;
            }
          }
          int x = graph.extraSuccessor(v);
          if (x >= 0 && (isRoot[x >>> 6] & (1L << x)) == 0) {
            predStart[pre[x] + 1]++;
          }
        });
    // Starts within segments. A count is at most the graph's edges and class edges, below 2^32 for
    // one object: read it unsigned. The count of list i is in slot i + 1, read before slot i + 1
    // receives its start.
    int[] first = new int[] {1, n + 1};
    int[] entries = new int[1];
    int segments = 1;
    long total = 0;
    for (int i = 1; i <= n; i++) {
      long count = Integer.toUnsignedLong(predStart[i + 1]);
      if (count > segmentEntries) {
        throw new IllegalArgumentException(
            "one object is referenced " + count + " times: at most " + segmentEntries);
      }
      if (total + count > segmentEntries) {
        if (segments == entries.length) {
          entries = Arrays.copyOf(entries, 2 * segments);
          first = Arrays.copyOf(first, 2 * segments + 1);
        }
        entries[segments - 1] = (int) total;
        first[segments++] = i;
        total = 0;
      }
      predStart[i] = (int) total;
      total += count;
    }
    entries[segments - 1] = (int) total;
    first[segments] = n + 1;
    first = Arrays.copyOf(first, segments + 1);
    entries = Arrays.copyOf(entries, segments);
    predStart[n + 1] = 0;
    ParkedArrays[] parked = new ParkedArrays[segments];
    for (int s = 0; s < segments; s++) {
      parked[s] =
          ParkedArrays.park(
              fill(
                  graph,
                  roots,
                  pre,
                  predStart,
                  isRoot,
                  first[s],
                  first[s + 1],
                  entries[s],
                  scatter,
                  report));
    }
    return new Segments(parked, first, entries);
  }

  /**
   * The lists of vertices {@code lo .. hi - 1}, of {@code entries} entries in all: through {@link
   * ScatterBuckets} when there are many, so that the writes stay in the cache, or directly.
   */
  private static int[] fill(
      ReferenceGraph graph,
      int[] roots,
      int[] pre,
      int[] predStart,
      long[] isRoot,
      int lo,
      int hi,
      int entries,
      Scatter scatter,
      Progress report) {
    int[] preds = new int[entries];
    // A root's only entry is the super-root: filled once per root by clearing its bit, which is
    // set again for the references below.
    for (int root : roots) {
      int p = pre[root];
      if (p >= lo && p < hi && (isRoot[root >>> 6] & (1L << root)) != 0) {
        isRoot[root >>> 6] &= ~(1L << root);
        preds[predStart[p]++] = 0;
      }
    }
    for (int root : roots) {
      isRoot[root >>> 6] |= 1L << root;
    }
    boolean filled = false;
    ScatterBuckets buckets =
        ScatterBuckets.open(lo, hi, entries, scatter.minEntries(), scatter.bucketEntries());
    if (buckets != null) {
      try (buckets) {
        scan(graph, pre, isRoot, lo, hi, buckets::add, report);
        buckets.scatter(preds, predStart);
        filled = true;
      } catch (UncheckedIOException noRoom) {
        // a block could not be written (or the parked graph read: read again below, and a second
        // failure is reported). Only the scan throws this (scatter's failures are IOExceptions),
        // so nothing is in the lists yet: filled directly below
      } catch (IOException e) {
        throw new UncheckedIOException("temporary file of the predecessor lists", e);
      }
    }
    if (!filled) {
      scan(graph, pre, isRoot, lo, hi, (p, i) -> preds[predStart[p]++] = i, report);
    }
    // Each cursor now holds the end of its list, which is the start of the next one.
    for (int i = hi - 1; i > lo; i--) {
      predStart[i] = predStart[i - 1];
    }
    predStart[lo] = 0;
    return preds;
  }

  /** Receives list entries: {@code i} for the list of {@code p}. */
  @FunctionalInterface
  private interface Sink {
    void add(int p, int i);
  }

  /**
   * Gives {@code sink} one entry per reference (and class edge) of each reachable object to a
   * vertex of {@code lo .. hi - 1} that is not a root, scanning the graph in id order.
   */
  private static void scan(
      ReferenceGraph graph, int[] pre, long[] isRoot, int lo, int hi, Sink sink, Progress report) {
    int nodes = graph.nodeCount();
    graph.forEachEdgeList(
        (v, targets, from, to) -> {
          int i = pre[v];
          if (i == 0) {
            return;
          }
          for (int e = from; e < to; e++) {
            int t = targets[e];
            int p = pre[t];
            if (p >= lo && p < hi && (isRoot[t >>> 6] & (1L << t)) == 0) {
              sink.add(p, i);
            }
          }
          int x = graph.extraSuccessor(v);
          if (x >= 0) {
            int p = pre[x];
            if (p >= lo && p < hi && (isRoot[x >>> 6] & (1L << x)) == 0) {
              sink.add(p, i);
            }
          }
          report.step(1, v, nodes);
        });
  }

  /**
   * When the lists go through {@link ScatterBuckets}: from {@code minEntries} entries, about {@code
   * bucketEntries} per bucket.
   */
  record Scatter(long minEntries, int bucketEntries) {
    static final Scatter DEFAULT =
        new Scatter(ScatterBuckets.MIN_ENTRIES, ScatterBuckets.BUCKET_ENTRIES);
  }

  /**
   * Semidominators, vertices n down to 1. Vertices greater than i are "linked": their ancestor link
   * starts as the DFS parent and is compressed by {@link #eval}. Labels hold semidominator values
   * directly rather than vertices, since only their minimum is ever used. When vertex i is done its
   * list start in {@code predStart} is dead (the next list's end is kept in a local) and receives
   * semi(i). The lists are parked: read backwards, a piece of {@value #PIECE} entries at a time,
   * segment after segment.
   */
  private static void semidominators(
      Segments preds, int[] predStart, long[] links, int n, Progress report) {
    int largest = 0;
    for (int e : preds.entries) {
      largest = Math.max(largest, e);
    }
    int[] piece = new int[Math.min(PIECE, largest)];
    int seg = preds.entries.length - 1;
    int end = preds.entries[seg];
    int pieceStart = end;
    int pieceEnd = end;
    for (int i = n; i >= 1; i--) {
      while (i < preds.first[seg]) {
        seg--; // the previous segment: its last list ends at its end, and nothing of it is read
        end = preds.entries[seg];
        pieceStart = end;
        pieceEnd = end;
      }
      ParkedArrays segment = preds.parked[seg];
      int start = predStart[i];
      int[] list = piece;
      int base = pieceStart;
      if (end - start > piece.length) {
        list = new int[end - start]; // a list longer than a piece: an object held from everywhere
        segment.read(0, start, list, 0, list.length);
        base = start;
      } else if (start < pieceStart || end > pieceEnd) {
        // the piece ends at this list's end: the lists read next come before it
        pieceStart = Math.max(0, end - piece.length);
        pieceEnd = end;
        segment.read(0, pieceStart, piece, 0, pieceEnd - pieceStart);
        base = pieceStart;
      }
      int semi = high(links[i]); // the DFS parent: never compressed before i is linked
      for (int e = start; e < end; e++) {
        int s = eval(list[e - base], i, links);
        if (s < semi) {
          semi = s;
          if (semi == 0) {
            break; // the super-root: nothing is smaller (roots, objects held by several roots)
          }
        }
      }
      end = start;
      predStart[i] = semi;
      links[i] = pack(high(links[i]), semi);
      report.step(2, n - i + 1, n);
    }
  }

  /** Entries per piece of the predecessor lists read back: 1 MB. */
  private static final int PIECE = 1 << 18;

  /**
   * The smallest semidominator on the path from v up to (excluding) the first unlinked ancestor, or
   * v itself if v is unlinked. Compresses that path so that every vertex on it links directly to
   * the unlinked ancestor. Reverses the links on the way up instead of using a stack, because paths
   * can be millions of vertices long. Ancestor of v: the high half of {@code links[v]}, label: the
   * low half.
   */
  private static int eval(int v, int lastUnlinked, long[] links) {
    if (v <= lastUnlinked) {
      return v;
    }
    long link = links[v];
    int up = high(link);
    if (up <= lastUnlinked) {
      return low(link);
    }
    int below = -1;
    int current = v;
    while (up > lastUnlinked) {
      links[current] = pack(below, low(link));
      below = current;
      current = up;
      link = links[current];
      up = high(link);
    }
    // `current` is the topmost linked vertex; it keeps its link and label. `up` is the unlinked
    // ancestor every vertex below it will now point to.
    int min = low(link);
    while (below >= 0) {
      long reversed = links[below];
      int label = low(reversed);
      if (label > min) {
        label = min;
      } else {
        min = label;
      }
      links[below] = pack(up, label);
      below = high(reversed);
    }
    return min;
  }

  /**
   * Places the reachable vertices in a preorder of the dominator tree, so that each subtree is one
   * contiguous range, in O(n) without a stack: subtree sizes bottom-up, then each vertex takes the
   * next free slot of its immediate dominator's range. Sizes go to the high halves of {@code links}
   * (the compressed ancestors are dead), the immediate dominators are in the low ones; {@code out}
   * is the dead semidominator array, and receives the vertices in preorder space (1 to n), which
   * the caller turns into object ids.
   */
  private static int[] dominatorTreePreorder(long[] links, int[] out, int n) {
    for (int i = 0; i <= n; i++) {
      links[i] = pack(1, low(links[i]));
    }
    for (int i = n; i >= 1; i--) {
      int d = low(links[i]);
      links[d] = pack(high(links[d]) + high(links[i]), low(links[d]));
    }
    // From here on the size half of a placed vertex is the next free position for its children.
    links[0] = pack(0, low(links[0]));
    for (int i = 1; i <= n; i++) {
      int d = low(links[i]);
      int position = high(links[d]);
      links[d] = pack(position + high(links[i]), low(links[d]));
      out[position] = i;
      links[i] = pack(position + 1, low(links[i]));
    }
    return out;
  }

  /** Progress in one unit per object and step; four steps. */
  private static final class Progress {
    private static final int STEPS = 4;
    private final ProgressListener listener;
    private final long nodes;

    Progress(ProgressListener listener, int nodes) {
      this.listener = listener;
      this.nodes = nodes;
      listener.update(PHASE, 0, STEPS * this.nodes);
    }

    void update(long done) {
      listener.update(PHASE, done, STEPS * nodes);
    }

    /** Step {@code step} has done {@code i} of {@code n} vertices. */
    void step(int step, int i, int n) {
      if ((i & PROGRESS_MASK) == 0) {
        listener.update(PHASE, step * nodes + i * nodes / n, STEPS * nodes);
      }
    }

    void phaseDone(int step) {
      listener.update(PHASE, (step + 1) * nodes, STEPS * nodes);
    }
  }
}
