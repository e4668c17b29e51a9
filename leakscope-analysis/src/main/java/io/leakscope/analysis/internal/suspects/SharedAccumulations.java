package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.heap.HeapIndex;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Accumulations that no single object retains: many objects of one class kept by two structures at
 * once, each reached from a root of its own, so that each object's immediate dominator is the
 * virtual root and no retained-size rule sees them together.
 *
 * <p>The case that asked for it: a Spring Boot service with Actuator's Prometheus endpoint makes a
 * meter per customer. Micrometer's registry keeps each meter in its map of meters, and the
 * Prometheus client's registry (a bean of its own, held by Spring) keeps it again through its
 * collectors; the registry is also in Micrometer's static global registry. Nothing dominates the
 * meters, so the suspects were the two collectors' tables ("2 × ConcurrentHashMap$Node[]") and a
 * map of the meters' ids, none naming the meters.
 *
 * <p>Design note. One scan of the top-level objects (those the virtual root dominates) that are not
 * GC roots themselves counts them and sums what they retain by class. A class whose top-level
 * objects number at least {@value #MIN_INSTANCES} and retain at least the suspects' share of the
 * heap is a candidate, with up to {@value #SAMPLES} of its objects picked evenly. Which structure
 * keeps them is read later from their paths from GC roots ({@link #point}): the deepest object on
 * the path of at least {@value #AGREE} of the samples. A class whose samples share no object below
 * the roots (strings of many classes' constants) is no suspect. When the threads of leaked pools
 * (made per job and never shut down) reach them, each pool its own few, they are what those pools
 * keep, and go into the pools' suspect: a HikariCP pool per tenant keeps a connection, and through
 * it its tenant's in-memory database, which H2's static map of databases holds too. Cost: two
 * preorder scans of the dominator tree, 4 bytes per top-level object (their list) and a bit per
 * object for the roots; per class a counter, a sum and a sample array for the classes seen at the
 * top level. At naming time, the paths of the samples (they are targets of the path search), and
 * for each leaked pools' suspect two walks from its threads of at most {@value #MAX_WALK} objects,
 * a bit per object each.
 */
public final class SharedAccumulations {
  private SharedAccumulations() {}

  /** Top-level objects of one class that make a candidate: fewer are no accumulation. */
  static final int MIN_INSTANCES = 10;

  /** Objects of a candidate whose paths are compared. */
  static final int SAMPLES = 64;

  /** Share of the samples whose paths must pass an object for it to be their common holder. */
  static final double AGREE = 0.8;

  /**
   * A class whose top-level objects retain a suspect's share together.
   *
   * @param classIndex the class
   * @param instances its top-level objects that are not GC roots
   * @param retained what they retain together
   * @param samples some of them, evenly picked in preorder
   */
  public record Candidate(int classIndex, long instances, long retained, int[] samples) {}

  /** The candidates, biggest first, at most {@code maxSuspects}. */
  public static List<Candidate> find(
      HeapIndex index, DominatorTree tree, RetainedSizes retained, long floor, int maxSuspects) {
    List<Candidate> out = new ArrayList<>();
    if (floor <= 0) {
      return out;
    }
    BitSet roots = new BitSet();
    for (int id : index.roots().distinctObjectIds()) {
      roots.set(id);
    }
    boolean[] loaders = index.subclassesOf("java.lang.ClassLoader");
    boolean[] threads = index.subclassesOf("java.lang.Thread");
    // a Reference is shared by the JVM's reference machinery (a Cleaner's list, a queue) and its
    // owner: bookkeeping of what it refers to, never what accumulates
    boolean[] references = index.subclassesOf("java.lang.ref.Reference");
    int[] top = tree.topLevelObjects();
    Map<Integer, long[]> byClass = new HashMap<>(); // class -> {count, retained}
    for (int v : top) {
      int c = index.classOf(v);
      if (roots.get(v)
          || loaders[c]
          || threads[c]
          || references[c]
          || index.representedClass(v) != null) {
        continue;
      }
      long[] sums = byClass.computeIfAbsent(c, k -> new long[2]);
      sums[0]++;
      sums[1] += retained.retained(v);
    }
    List<Integer> classes = new ArrayList<>();
    for (Map.Entry<Integer, long[]> e : byClass.entrySet()) {
      if (e.getValue()[0] >= MIN_INSTANCES && e.getValue()[1] >= floor) {
        classes.add(e.getKey());
      }
    }
    classes.sort(Comparator.comparingLong((Integer c) -> -byClass.get(c)[1]));
    if (classes.size() > maxSuspects) {
      classes = classes.subList(0, maxSuspects);
    }
    // one more pass picks every candidate's samples: the k-th is the object at k * count / samples
    // among its class's
    Map<Integer, int[]> samples = new HashMap<>();
    Map<Integer, long[]> progress = new HashMap<>(); // class -> {seen, taken}
    for (int c : classes) {
      samples.put(c, new int[(int) Math.min(SAMPLES, byClass.get(c)[0])]);
      progress.put(c, new long[2]);
    }
    for (int v : top) {
      int c = index.classOf(v);
      long[] p = progress.get(c);
      if (p == null || roots.get(v)) {
        continue;
      }
      int[] picked = samples.get(c);
      if (p[1] < picked.length && p[0] == p[1] * byClass.get(c)[0] / picked.length) {
        picked[(int) p[1]++] = v;
      }
      p[0]++;
    }
    for (int c : classes) {
      out.add(new Candidate(c, byClass.get(c)[0], byClass.get(c)[1], samples.get(c)));
    }
    return out;
  }

  /**
   * Where a candidate's objects are kept: the deepest object that the paths (root first, as object
   * ids) of at least {@value #AGREE} of its samples pass, before the objects themselves; -1 when
   * they agree on nothing below their roots.
   */
  public static int point(Candidate c, IntFunction<int[]> pathTo) {
    List<int[]> paths = new ArrayList<>();
    for (int s : c.samples()) {
      int[] p = pathTo.apply(s);
      if (p.length > 1) {
        paths.add(p);
      }
    }
    int needed = (int) Math.ceil(AGREE * c.samples().length);
    if (paths.size() < needed) {
      return -1;
    }
    int point = -1;
    List<int[]> along = paths;
    for (int depth = 0; ; depth++) {
      Map<Integer, Integer> votes = new HashMap<>();
      for (int[] p : along) {
        if (depth < p.length - 1) { // the sample itself is not its own holder
          votes.merge(p[depth], 1, Integer::sum);
        }
      }
      Map.Entry<Integer, Integer> best = null;
      for (Map.Entry<Integer, Integer> e : votes.entrySet()) {
        if (best == null || e.getValue() > best.getValue()) {
          best = e;
        }
      }
      if (best == null || best.getValue() < needed) {
        return depth == 0 ? -1 : point; // a shared root alone is no structure
      }
      point = best.getKey();
      List<int[]> next = new ArrayList<>();
      for (int[] p : along) {
        if (depth < p.length - 1 && p[depth] == point) {
          next.add(p);
        }
      }
      along = next;
    }
  }

  /**
   * The findings with the candidates' added: each candidate is kept by the owner of its point (the
   * last object on the point's path that is not a collection's plumbing: a registry, not its map's
   * table), candidates of one owner make one finding (their objects are distinct top-level objects,
   * so their sizes add up), and the findings of the same structure found the usual way (a map of
   * the same objects' ids under the owner, which one object does retain) are folded into it: one
   * leak, one suspect. A finding is of the same structure when its path, below the owner, passes
   * only collections' plumbing and objects of the merged classes (not a bean of its own under a
   * bean factory that is the owner); its bytes are added unless an object of a merged class is on
   * that path, whose size already counts them.
   *
   * @param examples each accumulation point's element: an owner's is added, so that the owner's
   *     field that holds the most of them names the holder
   */
  public static List<Finding> merge(
      HeapIndex index,
      List<Candidate> candidates,
      List<Finding> findings,
      IntFunction<int[]> pathTo,
      Map<Integer, Integer> examples,
      Map<Integer, int[]> poolThreads,
      ApplicationPackages packages) {
    Map<Integer, BitSet[]> reached = new HashMap<>(); // pool finding -> {all pools, one pool}
    Map<Integer, List<Candidate>> byOwner = new java.util.LinkedHashMap<>();
    for (Candidate c : candidates) {
      int point = point(c, pathTo);
      // the application's objects kept by the JDK's machinery (listeners added to a platform
      // MBean) are the application's leak: only the JDK's own objects there are machinery
      boolean theirs = !ApplicationPackages.isJdk(index.heapClass(c.classIndex()).name());
      int owner = point < 0 ? -1 : owner(index, pathTo.apply(point), theirs);
      if (owner >= 0) {
        byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(c);
      }
    }
    List<Finding> out = new ArrayList<>(findings);
    for (Map.Entry<Integer, List<Candidate>> e : byOwner.entrySet()) {
      int owner = e.getKey();
      List<Candidate> kept = e.getValue();
      // named by the biggest of the classes with many objects (a meter, not the few collectors
      // that group meters by name, nor the meters' tags, which are smaller), the JDK's last (a
      // library's objects, not the strings or maps inside them)
      long most = kept.stream().mapToLong(Candidate::instances).max().orElse(0);
      kept.sort(
          Comparator.comparing(
                  (Candidate c) ->
                      ApplicationPackages.isJdk(index.heapClass(c.classIndex()).name()))
              .thenComparing(c -> c.instances() * 10 < most)
              .thenComparingLong(c -> -c.retained()));
      java.util.Set<Integer> classes = new java.util.HashSet<>();
      // a finding folded in that names what the application stores (its lambdas under the same
      // selector), where the candidates are the JDK's own classes (its selection keys)
      Finding stored = null;
      long bytes = 0;
      for (Candidate c : kept) {
        classes.add(c.classIndex());
        bytes += c.retained();
      }
      for (java.util.Iterator<Finding> it = out.iterator(); it.hasNext(); ) {
        Finding f = it.next();
        if (!f.kind().equals(Suspect.KIND_ACCUMULATION)) {
          continue;
        }
        int[] path = pathTo.apply(f.target());
        // inside an object of a merged class (a collector of the meters, reached through the
        // other registry): its bytes are in that object's, counted already (a library's or the
        // application's class: the JDK's maps and strings are on every path)
        boolean inside = false;
        for (int id : path) {
          inside |=
              classes.contains(index.classOf(id))
                  && !ApplicationPackages.isJdk(index.heapClass(index.classOf(id)).name());
        }
        int at = indexOf(path, owner);
        if (at < 0 && !inside) {
          continue;
        }
        // the same structure: below the owner, only plumbing and objects of the merged classes;
        // an object of its own there (a bean under a bean factory that is the owner) is another
        // structure, and another leak
        boolean same = true;
        for (int k = at + 1; at >= 0 && !inside && k < path.length; k++) {
          String name = index.heapClass(index.classOf(path[k])).name();
          same &= name.endsWith("[]") || LeakSuspectFinder.isCollectionInternal(name);
        }
        if (!same) {
          continue;
        }
        bytes += inside ? 0 : f.retained();
        if (!ApplicationPackages.isJdk(f.accumulatedClass())
            && (stored == null || f.retained() > stored.retained())) {
          stored = f;
        }
        it.remove();
      }
      int pool = keptByPools(index, kept.get(0), out, poolThreads, reached);
      if (pool >= 0) {
        Candidate c = kept.get(0);
        out.set(
            pool,
            out.get(pool)
                .keeping(
                    bytes,
                    " Through their threads the pools also keep "
                        + c.instances()
                        + " × "
                        + index.heapClass(c.classIndex()).name()
                        + " alive, "
                        + String.format(java.util.Locale.ROOT, "%,d", bytes)
                        + " bytes with what those keep (one for each pool or so; another"
                        + " structure holds them too): shutting the pools down frees them."));
        continue;
      }
      examples.put(owner, kept.get(0).samples()[0]);
      boolean jdkOnly =
          kept.stream()
              .allMatch(c -> ApplicationPackages.isJdk(index.heapClass(c.classIndex()).name()));
      out.add(finding(index, kept, owner, bytes, jdkOnly ? stored : null, packages));
    }
    return out;
  }

  /**
   * The index in {@code findings} of leaked pools that keep a candidate's objects, or -1: the
   * threads of all its pools reach at least {@value #AGREE} of the samples, and the threads of one
   * pool at most half of them (each pool keeps its own: a connection pool made per tenant and its
   * tenant's database, not a singleton every task refers to). The walks do not enter class objects,
   * class loaders, thread groups or other threads, through which everything is reachable.
   */
  private static int keptByPools(
      HeapIndex index,
      Candidate c,
      List<Finding> findings,
      Map<Integer, int[]> poolThreads,
      Map<Integer, BitSet[]> reached) {
    for (int k = 0; k < findings.size(); k++) {
      int[] threads = poolThreads.get(findings.get(k).target());
      if (threads == null || !findings.get(k).kind().equals(Suspect.KIND_THREAD_POOLS)) {
        continue;
      }
      BitSet[] walks =
          reached.computeIfAbsent(
              findings.get(k).target(),
              t -> {
                boolean[] stop = walkStops(index);
                return new BitSet[] {
                  reachableFrom(index, threads, stop),
                  reachableFrom(index, new int[] {threads[0]}, stop)
                };
              });
      int all = 0;
      int one = 0;
      for (int s : c.samples()) {
        all += walks[0].get(s) ? 1 : 0;
        one += walks[1].get(s) ? 1 : 0;
      }
      if (all >= AGREE * c.samples().length && one * 2 <= c.samples().length) {
        return k;
      }
    }
    return -1;
  }

  /** The classes a walk from pools' threads does not enter: threads, class loaders, groups. */
  private static boolean[] walkStops(HeapIndex index) {
    boolean[] stop = index.subclassesOf("java.lang.Thread");
    boolean[] loaders = index.subclassesOf("java.lang.ClassLoader");
    boolean[] groups = index.subclassesOf("java.lang.ThreadGroup");
    for (int c = 0; c < stop.length; c++) {
      stop[c] |= loaders[c] || groups[c];
    }
    return stop;
  }

  /**
   * Objects a walk of at most {@value #MAX_WALK} objects from {@code starts} reaches, entering no
   * object of a class {@code stop} marks, nor any class object.
   */
  static BitSet reachableFrom(HeapIndex index, int[] starts, boolean[] stop) {
    var graph = index.graph();
    BitSet seen = new BitSet();
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
    for (int t : starts) {
      seen.set(t);
      stack.push(t);
    }
    int visited = 0;
    while (!stack.isEmpty() && visited++ < MAX_WALK) {
      int v = stack.pop();
      for (long e = graph.firstEdge(v), end = graph.endEdge(v); e < end; e++) {
        int w = graph.target(e);
        if (w < 0 || seen.get(w)) {
          continue;
        }
        seen.set(w);
        if (!stop[index.classOf(w)] && index.representedClass(w) == null) {
          stack.push(w);
        }
      }
    }
    return seen;
  }

  /** The most objects a walk from leaked pools' threads visits. */
  static final int MAX_WALK = 4_000_000;

  private static int indexOf(int[] path, int id) {
    for (int k = 0; k < path.length; k++) {
      if (path[k] == id) {
        return k;
      }
    }
    return -1;
  }

  /** The class an owner belongs to, or the class it is (a static's). */
  private static String ownerName(HeapIndex index, int owner) {
    var represented = index.representedClass(owner);
    return represented != null ? represented.name() : index.heapClass(index.classOf(owner)).name();
  }

  /**
   * The last object of a path that is not an array or a JDK collection's node or table; for a class
   * object, the value of its static field that the path takes (the map in {@code Engine.DATABASES},
   * named by that field rather than by the class); -1 when that object is the JDK's.
   */
  private static int owner(HeapIndex index, int[] path, boolean theirs) {
    for (int k = path.length - 1; k >= 0; k--) {
      String name = index.heapClass(index.classOf(path[k])).name();
      if (!name.endsWith("[]") && !LeakSuspectFinder.isCollectionInternal(name)) {
        if (ApplicationPackages.isJdk(ownerName(index, path[k]))
            && !theirs
            && !ownedOutsideTheJdk(index, path, k)) {
          return -1; // the JDK's own machinery (its table of open jar files): not a leak
        }
        return index.representedClass(path[k]) != null && k + 1 < path.length
            ? path[k + 1]
            : path[k];
      }
    }
    return -1;
  }

  /**
   * Whether an object of the path before {@code k} (or the class whose static field is its root) is
   * the application's or a library's: a JDK object that they own (the application's JDK {@code
   * HttpClient}, whose pending calls it keeps) is theirs, not the JDK's own machinery.
   */
  private static boolean ownedOutsideTheJdk(HeapIndex index, int[] path, int k) {
    for (int j = 0; j < k; j++) {
      if (!ApplicationPackages.isJdk(ownerName(index, path[j]))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The finding of the candidates an owner keeps: named by the owner's path, as any other, and by
   * the biggest candidate's class, or by what {@code stored} names (the application's class in a
   * finding folded into it) when it is given.
   */
  private static Finding finding(
      HeapIndex index,
      List<Candidate> kept,
      int owner,
      long bytes,
      @org.jspecify.annotations.Nullable Finding stored,
      ApplicationPackages packages) {
    Candidate first = kept.get(0);
    String name =
        stored != null ? stored.accumulatedClass() : index.heapClass(first.classIndex()).name();
    long instances = stored != null ? stored.instances() : first.instances();
    String container = index.heapClass(index.classOf(owner)).name();
    StringBuilder also = new StringBuilder();
    for (Candidate c : stored != null ? kept : kept.subList(1, kept.size())) {
      also.append(also.length() == 0 ? " With them, kept the same way: " : ", ")
          .append(c.instances())
          .append(" × ")
          .append(index.heapClass(c.classIndex()).name());
    }
    if (also.length() > 0) {
      also.append('.');
    }
    return new Finding(
        Suspect.KIND_ACCUMULATION,
        owner,
        null,
        name,
        instances,
        bytes,
        List.of(),
        List.of(),
        instances + " × " + name + " held by {holder} ({percent} of the heap)",
        instances
            + " instances of "
            + name
            + " accumulate in a "
            + container
            + " reached through {holder}; with what it keeps of them elsewhere, they retain"
            + " {percent} of the reachable heap."
            + also
            + " No one object retains them: another structure refers to each of them too (a"
            + " second registry or index of the same objects, reached from a root of its own), so"
            + " they are counted where the paths from GC roots of most of them pass. If this grows"
            + " between dumps, entries are added and never removed:"
            + LeakSuspectFinder.LOOK_AT
            + LeakSuspectFinder.advice(container, name, packages));
  }
}
