package io.leakscope.analysis.internal.paths;

import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shortest paths from GC roots to any object, as steps a person can read.
 *
 * <p>Design note: one breadth-first search from all roots at once records each object's parent, so
 * every later path query is a walk up the parent array. The graph already leaves out {@code
 * Reference.referent}, so paths never go through weak, soft, phantom or final referents. Class
 * objects are searched first, as roots, so that an object held by a static field reads as {@code
 * static Foo.bar} rather than as the long chain through its class loader that the JVM's own roots
 * would give. Live threads are the exception: the search from class objects does not go into a
 * thread that is a root of its own (a lock's queue of waiters, a thread group and a pool's set of
 * workers all refer to their threads), so what a thread holds reads from that thread, not from
 * whichever static field reaches it first (a latch the thread waits on named the queue of the
 * executor whose worker it was). The search from class objects runs to the end before the JVM's
 * other roots (thread stacks, JNI) are added: an object that a static field keeps alive is reported
 * through that field even when a thread's local variable reaches it in fewer steps (a scheduler's
 * queue is also a local of its worker thread, but the leak is the executor in a static field).
 * Paths are therefore shortest among those from the first kind of root that reaches an object.
 * Memory: 4 bytes per object for the parents plus 4 bytes per object for the queue while searching;
 * a search for targets keeps the parents of the objects it reached in a hash table and its queue as
 * long as it needs, until it has reached a sixteenth of the heap; and a bit per object for the live
 * threads and another, for a search for targets, for the targets not reached yet.
 *
 * <p>The report asks the paths of a few dozen objects (the suspects, the biggest objects), known
 * before the search: given them, the search stops once it has reached them all. A breadth-first
 * search never changes a parent once set, and an object's ancestors are reached before it, so each
 * of their paths is the one the whole search would give; other objects may have none. On a
 * 30M-object dump the whole search took about 1.5 s (156 profiler samples of 10 ms); stopped at its
 * targets, 2 samples.
 */
public final class GcRootPathFinder {
  private static final int NONE = -1;
  private static final int SEED = -2;

  private final HeapIndex index;
  private final Parents parent;

  private GcRootPathFinder(HeapIndex index, Parents parent) {
    this.index = index;
    this.parent = parent;
  }

  /**
   * Searches the whole heap once.
   *
   * @param reachable which objects are reachable from the JVM's GC roots; only those class objects
   *     seed the search, so that paths exist exactly for reachable objects
   */
  public static GcRootPathFinder compute(
      HeapIndex index, java.util.function.IntPredicate reachable, ProgressListener progress) {
    return compute(index, reachable, c -> true, progress);
  }

  /**
   * Searches the whole heap once, seeding only the class objects {@code seedClass} accepts (by
   * class index) besides the JVM's roots: classes of a leaked class loader are not roots, and their
   * path must show what keeps them alive.
   */
  public static GcRootPathFinder compute(
      HeapIndex index,
      java.util.function.IntPredicate reachable,
      java.util.function.IntPredicate seedClass,
      ProgressListener progress) {
    return compute(index, reachable, seedClass, null, progress);
  }

  /**
   * As {@link #compute(HeapIndex, java.util.function.IntPredicate, java.util.function.IntPredicate,
   * ProgressListener)}, but only the paths of {@code targets} (and of the objects on them) are sure
   * to be there: the search stops once it has reached every target. A null {@code targets} searches
   * the whole heap.
   */
  public static GcRootPathFinder compute(
      HeapIndex index,
      java.util.function.IntPredicate reachable,
      java.util.function.IntPredicate seedClass,
      int @Nullable [] targets,
      ProgressListener progress) {
    ReferenceGraph g = index.graph();
    int n = g.nodeCount();
    Parents parent = new Parents(n, targets != null);
    Search search = new Search(g, parent, n, targets, progress);
    // live threads are roots of their own: the statics' search does not go into them from what
    // waits on them or counts them (a lock's queue of waiters, a pool's workers, a thread group),
    // only from an object that owns the thread (a client's own I/O thread: the client's field).
    // A bit per object, as the targets not reached yet have: checked on every reference followed
    BitSet liveThreads = new BitSet(n);
    boolean[] guards = new boolean[index.classCount()];
    for (int c = 0; c < guards.length; c++) {
      guards[c] = waitsOnThreads(index.heapClass(c).name());
    }
    search.guards = guards;
    search.classOf = index::classOf;
    for (int i = 0; i < index.roots().count(); i++) {
      int o = index.roots().objectId(i);
      if (o >= 0
          && index.roots().kind(i) == HprofTag.ROOT_THREAD_OBJECT
          && !ownedByItsPool(index.heapClass(index.classOf(o)).name())) {
        liveThreads.set(o);
      }
    }
    search.barrier = liveThreads;
    for (int c = 0; c < index.classCount(); c++) {
      int o = index.heapClass(c).objectId();
      if (o >= 0 && parent.get(o) == NONE && reachable.test(o) && seedClass.test(c)) {
        search.seed(o);
      }
    }
    // statics first, to the end: what a static field reaches reads from that field
    search.run();
    search.barrier = null;
    for (int i = 0; i < index.roots().count() && !search.done(); i++) {
      int o = index.roots().objectId(i);
      if (o >= 0 && parent.get(o) == NONE) {
        search.seed(o);
      }
    }
    search.run();
    return new GcRootPathFinder(index, parent);
  }

  /**
   * Whether a thread is part of the pool that refers to it rather than one of its workers: JDK 25's
   * {@code DelayScheduler}, the thread of a {@code ForkJoinPool} that keeps its delayed tasks
   * (those of {@code CompletableFuture.orTimeout} and {@code delayedExecutor} among them) and runs
   * no one else's code. What it holds is the pool's schedule, and reads from the pool's field
   * ({@code ForkJoinPool.common}), as JDK 17's scheduler of the same tasks does from its static
   * field.
   */
  static boolean ownedByItsPool(String threadClass) {
    return threadClass.equals("java.util.concurrent.DelayScheduler");
  }

  /**
   * Whether objects of a class refer to threads as the JDK's bookkeeping of waiting, running or
   * counting them: {@code java.util.concurrent} (a lock's nodes, a pool's workers, a future's
   * runner), thread groups and containers. A thread reached so is no part of what holds it.
   */
  static boolean waitsOnThreads(String className) {
    return className.startsWith("java.util.concurrent.")
        || className.startsWith("java.lang.Thread")
        || className.startsWith("java.lang.VirtualThread")
        || className.startsWith("jdk.internal.vm.");
  }

  /** A breadth-first search over the queue, seeded in rounds. */
  private static final class Search {
    private final ReferenceGraph g;
    private final Parents parent;
    private int[] queue;
    private final int n;
    private final @Nullable BitSet wanted; // targets not reached yet
    private int left;
    private final ProgressListener progress;
    private int head;
    private int tail;

    /** Objects the search does not go into (it may start from them), or null. */
    @Nullable BitSet barrier;

    /** Classes whose objects' references into {@link #barrier} are not followed. */
    boolean @Nullable [] guards;

    java.util.function.@Nullable IntUnaryOperator classOf;

    Search(
        ReferenceGraph g,
        Parents parent,
        int n,
        int @Nullable [] targets,
        ProgressListener progress) {
      this.g = g;
      this.parent = parent;
      // a search for targets mostly ends a few levels down: its queue grows as it needs
      this.queue = new int[targets == null ? n : Math.min(n, 1024)];
      this.n = n;
      this.progress = progress;
      if (targets == null) {
        wanted = null;
        left = -1;
      } else {
        wanted = new BitSet(n);
        for (int t : targets) {
          if (t >= 0 && t < n) {
            wanted.set(t);
          }
        }
        left = wanted.cardinality();
      }
    }

    /** Whether every target is reached (never, without targets). */
    boolean done() {
      return left == 0;
    }

    void seed(int o) {
      reach(o, SEED);
    }

    private void reach(int t, int from) {
      parent.set(t, from);
      if (tail == queue.length || (queue.length < n && parent.isArray())) {
        // doubling while the parents are a table; all at once with the array, as a whole search
        // has it, so that the two never hold more than 8 bytes per object and a half-full copy
        queue = java.util.Arrays.copyOf(queue, parent.isArray() ? n : (int) Math.min(n, 2L * tail));
      }
      queue[tail++] = t;
      if (wanted != null && wanted.get(t)) {
        wanted.clear(t);
        left--;
      }
    }

    /** Whether the reference from {@code v} to {@code t} crosses the barrier. */
    private boolean barred(int v, int t) {
      return barrier != null
          && barrier.get(t)
          && (guards == null || classOf == null || guards[classOf.applyAsInt(v)]);
    }

    /** Searches from the queue until it is empty or every target is reached. */
    void run() {
      for (; head < tail && left != 0; head++) {
        int v = queue[head];
        long end = g.endEdge(v);
        for (long e = g.firstEdge(v); e < end; e++) {
          int t = g.target(e);
          if (parent.get(t) == NONE && !barred(v, t)) {
            reach(t, v);
          }
        }
        int x = g.extraSuccessor(v);
        if (x >= 0 && parent.get(x) == NONE && !barred(v, x)) {
          reach(x, v);
        }
        if ((head & 0xFFFFF) == 0) {
          progress.update("paths", head, n);
        }
      }
    }
  }

  /**
   * Each reached object's parent, {@link #NONE} for the others: in a hash table while few are
   * reached (a search for targets mostly ends a few levels down), in an {@code int} per object from
   * the moment a sixteenth of the objects are (the table then holds about a byte per object, and
   * stays smaller than the array until it is dropped for it).
   */
  private static final class Parents {
    private final int n;
    private int @Nullable [] array; // by id, once the table is given up
    private int[] keys; // open addressing, id + 1 (0: empty)
    private int[] values;
    private int size;

    Parents(int n, boolean sparse) {
      this.n = n;
      if (sparse) {
        keys = new int[64];
        values = new int[64];
      } else {
        keys = values = new int[0];
        toArray();
      }
    }

    /** The number of objects (not of parents set). */
    int objects() {
      return n;
    }

    int get(int id) {
      int[] a = array;
      if (a != null) {
        return a[id];
      }
      int mask = keys.length - 1;
      for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
        int k = keys[i];
        if (k == 0) {
          return NONE;
        }
        if (k == id + 1) {
          return values[i];
        }
      }
    }

    /** Sets the parent of an object not reached before. */
    void set(int id, int parent) {
      int[] a = array;
      if (a != null) {
        a[id] = parent;
        return;
      }
      if (size >= n / 16) {
        toArray();
        array[id] = parent;
        return;
      }
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      put(keys, values, id, parent);
      size++;
    }

    private static void put(int[] keys, int[] values, int id, int parent) {
      int mask = keys.length - 1;
      int i = mix(id) & mask;
      while (keys[i] != 0) {
        i = (i + 1) & mask;
      }
      keys[i] = id + 1;
      values[i] = parent;
    }

    private void grow() {
      int[] k = new int[2 * keys.length];
      int[] v = new int[k.length];
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != 0) {
          put(k, v, keys[i] - 1, values[i]);
        }
      }
      keys = k;
      values = v;
    }

    private void toArray() {
      int[] a = new int[n];
      java.util.Arrays.fill(a, NONE);
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != 0) {
          a[keys[i] - 1] = values[i];
        }
      }
      keys = values = new int[0];
      array = a;
    }

    boolean isArray() {
      return array != null;
    }

    private static int mix(int id) {
      int h = id * 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }

  /**
   * Whether object {@code id} is reachable from a root or a class object; after a search for
   * targets, only known for the targets and the objects on their paths (false for the others).
   */
  public boolean isReachable(int id) {
    return parent.get(id) != NONE;
  }

  /** Object ids from the root to {@code id}, root first; empty if unreachable. */
  public int[] pathTo(int id) {
    if (parent.get(id) == NONE) {
      return new int[0];
    }
    List<Integer> ids = new ArrayList<>();
    for (int v = id; v != SEED && ids.size() <= parent.objects(); v = parent.get(v)) {
      ids.add(v);
    }
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(out.length - 1 - i);
    }
    return out;
  }

  /**
   * The path to {@code id} as readable steps, root first: {@code "static
   * com.acme.Registry.sessions"}, {@code "java.util.HashMap.table"}, {@code
   * "java.util.HashMap$Node[12]"}, {@code "thread main local"}. Empty if {@code id} is unreachable.
   */
  public List<String> describePath(int id) throws IOException {
    int[] path = pathTo(id);
    List<String> steps = new ArrayList<>();
    if (path.length == 0) {
      return steps;
    }
    int first = path[0];
    HeapClass rootClass = index.representedClass(first);
    int from = 1;
    if (rootClass != null) {
      if (path.length > 1) {
        int k = index.referenceIndex(first, index.address(path[1]));
        String step = index.referenceName(first, k);
        steps.add(step.startsWith("static ") ? step : "class " + rootClass.name() + " → " + step);
        from = 2;
      } else {
        steps.add("class " + rootClass.name());
      }
    } else {
      int best = bestRoot(first);
      int owner = poolThreadOfLocal(first, best);
      if (owner >= 0) {
        // a pool's own thread's local: read from the pool's field, through its thread
        steps.addAll(describePath(owner));
        steps.add(index.heapClass(index.classOf(owner)).name() + ".<local>");
      } else {
        steps.add(describeRoot(first, best));
      }
    }
    for (int i = from; i < path.length; i++) {
      int p = path[i - 1];
      int c = path[i];
      if (index.graph().extraSuccessor(p) == c && !isEdge(p, c)) {
        steps.add(index.heapClass(index.classOf(p)).name() + ".<class>");
        continue;
      }
      int k = index.referenceIndex(p, index.address(c));
      steps.add(index.referenceName(p, k));
    }
    return steps;
  }

  private boolean isEdge(int from, int to) {
    ReferenceGraph g = index.graph();
    long end = g.endEdge(from);
    for (long e = g.firstEdge(from); e < end; e++) {
      if (g.target(e) == to) {
        return true;
      }
    }
    return false;
  }

  /**
   * The thread whose local variable object {@code id} is (its best root, {@code best}), when that
   * thread is a pool's own ({@link #ownedByItsPool}) and reached from a static field; otherwise -1.
   * What such a thread keeps in its locals (JDK 25's {@code DelayScheduler} keeps its queue of
   * delayed tasks in one) is the pool's, as what it keeps in its fields is.
   */
  private int poolThreadOfLocal(int id, int best) {
    if (best < 0 || index.roots().kind(best) != HprofTag.ROOT_JAVA_FRAME) {
      return -1;
    }
    int thread = index.threadObject(index.roots().threadSerial(best));
    if (thread < 0
        || thread == id
        || !ownedByItsPool(index.heapClass(index.classOf(thread)).name())) {
      return -1;
    }
    int[] path = pathTo(thread);
    return path.length > 1 && index.representedClass(path[0]) != null ? thread : -1;
  }

  /** The best GC root record of object {@code id}, or -1. */
  private int bestRoot(int id) {
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < index.roots().count(); i++) {
      if (index.roots().objectId(i) == id) {
        int rank = rank(index.roots().kind(i));
        if (rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
    }
    return best;
  }

  /** Describes {@code best}, the best GC root record of object {@code id} (-1: none). */
  private String describeRoot(int id, int best) throws IOException {
    if (best < 0) {
      return "root " + index.heapClass(index.classOf(id)).name();
    }
    int kind = index.roots().kind(best);
    String thread = null;
    int serial = index.roots().threadSerial(best);
    if (serial != 0) {
      thread = index.threadName(serial);
      if (thread == null) {
        thread = "#" + serial;
      }
    }
    switch (kind) {
      case HprofTag.ROOT_THREAD_OBJECT:
        return "thread " + (thread == null ? "?" : thread);
      case HprofTag.ROOT_JAVA_FRAME:
        return "thread " + thread + " local";
      case HprofTag.ROOT_JNI_LOCAL:
        return "thread " + thread + " JNI local";
      case HprofTag.ROOT_NATIVE_STACK:
        return "thread " + thread + " native stack";
      case HprofTag.ROOT_THREAD_BLOCK:
        return "thread " + thread + " block";
      case HprofTag.ROOT_JNI_GLOBAL:
        return "JNI global " + index.heapClass(index.classOf(id)).name();
      case HprofTag.ROOT_MONITOR_USED:
        return "monitor " + index.heapClass(index.classOf(id)).name();
      case HprofTag.ROOT_STICKY_CLASS:
        return "class " + index.heapClass(index.classOf(id)).name();
      default:
        return "root " + index.heapClass(index.classOf(id)).name();
    }
  }

  private static int rank(int kind) {
    switch (kind) {
      case HprofTag.ROOT_STICKY_CLASS:
        return 0;
      case HprofTag.ROOT_THREAD_OBJECT:
        return 1;
      case HprofTag.ROOT_JAVA_FRAME:
        return 2;
      case HprofTag.ROOT_JNI_LOCAL:
        return 3;
      case HprofTag.ROOT_JNI_GLOBAL:
        return 4;
      case HprofTag.ROOT_NATIVE_STACK:
        return 5;
      case HprofTag.ROOT_THREAD_BLOCK:
        return 6;
      case HprofTag.ROOT_MONITOR_USED:
        return 7;
      default:
        return 8;
    }
  }
}
