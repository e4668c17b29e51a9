package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.internal.growth.ElementSamples;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Finds leak suspects in one dump: objects that retain a large share of the heap, each followed
 * down to its accumulation point, with the class that accumulates there.
 *
 * <p>Design note. A candidate is any reachable object that retains at least {@code threshold} of
 * the reachable heap (Eclipse MAT's rule of thumb is 10%), taken largest first. From a candidate
 * the dominator tree is descended while one child holds most (80%) of the retained size — through a
 * {@code HashMap} to its table, through a holder object to its array — and stops where the size
 * fans out into many smaller children: the accumulation point. Candidates that end in an
 * accumulation point already reported, or that are its ancestors, are merged into that suspect. The
 * accumulated class is the class that retains most among the accumulation point's children, looking
 * through JDK collection nodes ({@code HashMap$Node}, {@code ConcurrentHashMap$Node} …) and arrays
 * to the elements they hold.
 *
 * <p>Cost: one scan of the dominator tree in preorder follows every candidate's descent at once (a
 * parent comes before its children, and a child that holds 80% of its parent is its biggest, so it
 * is known when it is met): a bit per object while it scans and a map entry per object on a
 * descent. Each accumulation point is then described by one more preorder scan that keeps a byte
 * per object (the scratch array the caller passes, which the finders after this one reuse) and a
 * bit per object marking the owners. Until 2026-12-06 the descents read a column of every object's
 * biggest child, 4 bytes per object, which with the describing's column of 4 made this the most
 * live heap at any phase's end on big dumps (16.6 bytes per object, against 13.6 elsewhere).
 */
public final class LeakSuspectFinder {
  /** An accumulation point found in the dominator tree. */
  public record Accumulation(
      int candidate,
      int point,
      long retained,
      String accumulatedClass,
      long instances,
      long accumulatedBytes,
      int example) {}

  private static final double DESCEND_SHARE = 0.8;

  /**
   * The share a child of a class loader needs for the descent to go on into it. A loader holds its
   * classes in one list, and through them their static fields; its other children are its own
   * bookkeeping (packages, class path, locks, a few hundred KB). When one class's static holds most
   * of what the loader retains, the list of classes holds less than 80% of the loader, the descent
   * stopped at the loader, and its classes were the accumulation: Logback's cache of 4,500 loggers
   * under {@code LoggerFactory} read as "99 x java.lang.Class" held by the application's loader.
   * Only a descent that then passes a class object keeps going: one that fans out in the list of
   * classes stops at the loader, as with 80% (a healthy program's loader of many classes, none big,
   * read as "2 x ValueBoolean held by java.lang.ClassLoader.classes", growing as classes loaded).
   */
  private static final double LOADER_DESCEND_SHARE = 0.5;

  /** The longest descent from a candidate to its accumulation point, in steps. */
  private static final int MAX_DESCENT = 10_000;

  /**
   * In the descents' map of heavy children, for an object whose heavy child makes a second link of
   * a chain whose links are two objects each (a {@code CompletableFuture} and the {@code UniRelay}
   * through which the next future completes it): the descent stops at the chain's first link, two
   * objects above.
   */
  private static final int CHAIN_OF_TWO = -2;

  /** Elements under an accumulation point that make it a real fan-out. */
  private static final int FAN_OUT = 10;

  private LeakSuspectFinder() {}

  /**
   * Accumulation points of the biggest retainers, best first.
   *
   * @param threshold share of the reachable heap a candidate must retain, e.g. 0.1
   * @param scratch {@code tree.nodeCount()} bytes to work in, overwritten: the suspects' finders
   *     share one, rather than each allocating a byte per object at the analysis's peak
   */
  public static List<Accumulation> find(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      double threshold,
      int maxSuspects,
      ApplicationPackages packages,
      byte[] scratch) {
    long total = retained.reachableBytes();
    long floor = (long) Math.ceil(total * threshold);
    List<Integer> candidates = new ArrayList<>(); // largest retained first
    for (int id : RetainedSizes.biggest(tree, retained, 4 * maxSuspects)) {
      if (retained.retained(id) >= floor && floor > 0) {
        candidates.add(id);
      }
    }
    List<Accumulation> found = new ArrayList<>();
    if (candidates.isEmpty()) {
      return found;
    }
    // a class object's statics are candidates in their own right; start from the biggest
    List<Integer> classes = new ArrayList<>();
    for (int c : candidates) {
      if (index.representedClass(c) != null && retained.retained(c) > 0) {
        classes.add(c);
      }
    }
    Map<Integer, Integer> biggestOfClass = biggestChildren(tree, retained, classes);
    List<Integer> starts = new ArrayList<>(); // -1 for a class object without children
    for (int c : candidates) {
      starts.add(classes.contains(c) ? biggestOfClass.getOrDefault(c, -1) : c);
    }
    boolean[] loaders = index.subclassesOf("java.lang.ClassLoader");
    int[] points =
        points(
            tree,
            retained,
            index::classOf,
            starts,
            c -> loaders[c],
            v -> index.representedClass(v) != null);
    for (int k = 0; k < starts.size(); k++) {
      int candidate = starts.get(k);
      int point = points[k];
      if (candidate < 0) {
        continue;
      }
      candidate = belowClasses(index, tree, candidate, point);
      if (covered(tree, found, candidate, point)) {
        continue;
      }
      found.add(new Accumulation(candidate, point, retained.retained(candidate), null, 0, 0, -1));
      if (found.size() == maxSuspects) {
        break;
      }
    }
    List<Accumulation> described = describe(index, tree, retained, found, scratch, packages);
    List<Accumulation> kept = withoutNested(tree, described);
    // a point whose elements went to a point below it, which then went as one of its elements,
    // is named again without it: a bean factory that keeps its beans in a map and their names in
    // sets was "3000 × String" once the map, the beans' own point, was gone (under ZGC on JDK 17,
    // where the map held 78% of the factory, less than the descent's 80%)
    List<Integer> again = new ArrayList<>();
    for (int k = 0; k < kept.size(); k++) {
      Accumulation outer = kept.get(k);
      for (Accumulation inner : described) {
        if (!kept.contains(inner)
            && inner.point() != outer.point()
            && dominates(tree, outer.point(), inner.point())) {
          again.add(k);
          break;
        }
      }
    }
    if (!again.isEmpty()) {
      List<Accumulation> outers = new ArrayList<>();
      for (int k : again) {
        outers.add(kept.get(k));
      }
      List<Accumulation> renamed = describe(index, tree, retained, outers, scratch, packages);
      for (int i = 0; i < again.size(); i++) {
        kept.set(again.get(i), renamed.get(i));
      }
    }
    return kept;
  }

  /**
   * Where an accumulation starts: below the last class object its descent passed through, if any. A
   * class loader dominates the classes it loaded and, through them, their static fields; when one
   * static holder has 80% of all that, the descent from the loader runs through that class into the
   * holder. Started at the loader, the accumulation would count the loader's bytes as the holder's
   * and, fanning out, swallow every other static holder of the loader as nested in it: a map of 11%
   * of the heap went unreported and its elements were counted as the 89% one's.
   *
   * @return the class object's child on the way to {@code point}, the class object when it is the
   *     point itself, or {@code candidate} when no class object is below it on the way
   */
  static int belowClasses(HeapIndex index, DominatorTree tree, int candidate, int point) {
    int start = candidate;
    int below = -1; // the object before x on the way up from the point
    for (int x = point; x >= 0 && x != candidate; x = tree.immediateDominator(x)) {
      if (index.representedClass(x) != null) {
        start = below < 0 ? x : below;
      }
      below = x;
    }
    return start;
  }

  /**
   * The accumulations less those inside another, so that no bytes are counted twice when the
   * accumulations of one holder are folded into one suspect. Of two accumulations where one's
   * candidate dominates the other's, the inner one goes when the outer fans out into many elements
   * (it is one of them, or inside one); otherwise the outer one goes, because it only wraps a few
   * big structures that are accumulations of their own (a list of seven collections).
   *
   * <p>The bytes of an accumulation are its candidate's retained size, but its instances are only
   * those under its point, where the candidate's biggest branch led. An inner accumulation beside
   * that point (a small cache next to the big registry in one object) is in the outer's bytes and
   * not in its count: when it goes, its instances of the same class are added to the outer's, so
   * that they are not lost (they are disjoint, since neither point is under the other).
   */
  private static List<Accumulation> withoutNested(DominatorTree tree, List<Accumulation> found) {
    List<Accumulation> all = new ArrayList<>(found);
    boolean[] dropped = new boolean[all.size()];
    for (int i = 0; i < all.size(); i++) {
      for (int j = 0; j < all.size() && !dropped[i]; j++) {
        Accumulation outer = all.get(i);
        Accumulation inner = all.get(j);
        if (i == j || dropped[j] || !dominates(tree, outer.candidate(), inner.candidate())) {
          continue;
        }
        if (outer.instances() >= FAN_OUT) {
          dropped[j] = true;
          if (!dominates(tree, outer.point(), inner.point())
              && outer.accumulatedClass().equals(inner.accumulatedClass())) {
            all.set(
                i,
                new Accumulation(
                    outer.candidate(),
                    outer.point(),
                    outer.retained(),
                    outer.accumulatedClass(),
                    outer.instances() + inner.instances(),
                    outer.accumulatedBytes() + inner.accumulatedBytes(),
                    outer.example()));
          }
        } else {
          dropped[i] = true;
        }
      }
    }
    List<Accumulation> kept = new ArrayList<>();
    for (int k = 0; k < all.size(); k++) {
      if (!dropped[k]) {
        kept.add(all.get(k));
      }
    }
    return kept;
  }

  /**
   * Whether a candidate adds nothing to the suspects found so far: it ends in a reported point, or
   * holds one. Whether it lies among the many elements of one is only known once the points are
   * described ({@link #withoutNested}).
   */
  private static boolean covered(
      DominatorTree tree, List<Accumulation> found, int candidate, int point) {
    for (Accumulation a : found) {
      if (a.point() == point || dominates(tree, candidate, a.point())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code d} dominates {@code v} (or is {@code v}). */
  public static boolean dominates(DominatorTree tree, int d, int v) {
    for (int x = v; x >= 0; x = tree.immediateDominator(x)) {
      if (x == d) {
        return true;
      }
    }
    return false;
  }

  /**
   * For each of {@code parents}, its child in the dominator tree with the largest retained size
   * (the first in id order of equals); parents without children are not in the map. One scan of the
   * immediate dominators in id order.
   */
  private static Map<Integer, Integer> biggestChildren(
      DominatorTree tree, RetainedSizes retained, List<Integer> parents) {
    Map<Integer, Integer> best = new HashMap<>();
    if (parents.isEmpty()) {
      return best;
    }
    BitSet wanted = new BitSet(tree.nodeCount());
    parents.forEach(wanted::set);
    for (int v = 0; v < tree.nodeCount(); v++) {
      int p = tree.immediateDominator(v);
      if (p >= 0 && wanted.get(p)) {
        Integer b = best.get(p);
        if (b == null || retained.retained(v) > retained.retained(b)) {
          best.put(p, v);
        }
      }
    }
    return best;
  }

  /**
   * Where the descent from each of {@code starts} ends: the object reached by following the child
   * that holds at least 80% of the retained size while there is one (the object's biggest child)
   * and is not of its parent's class, at most {@value #MAX_DESCENT} steps; -1 for a start of -1.
   *
   * <p>A child of its parent's class is a chain: the nodes of a linked queue or list, each of which
   * dominates the rest. Followed, the descent ran down the chain to its last few nodes, and an
   * executor's backlog of 9,000 tasks in a {@code LinkedBlockingQueue} was "4 instances"; it now
   * stops at the chain's first node, whose elements (through the nodes, which are plumbing) are all
   * of them. A descent that ends inside a chain (from a node that is a candidate of its own) ends
   * at the chain's first node too, so that it is that accumulation, not one more beside it. The
   * same holds for chains whose links are two objects each (classes alternating A, B, A, B): a
   * recursion in {@code thenCompose} that never ends makes a chain of futures, each completed by
   * the next one through a {@code UniRelay}; followed, the descent stopped 10,000 steps down and
   * named "1 × CompletableFuture" of 18,000.
   */
  static int[] points(
      DominatorTree tree, RetainedSizes retained, IntUnaryOperator classOf, List<Integer> starts) {
    return points(tree, retained, classOf, starts, c -> false, v -> false);
  }

  /**
   * As {@link #points(DominatorTree, RetainedSizes, IntUnaryOperator, List)}, where a child of an
   * object of a class {@code loaderClass} accepts needs only {@value #LOADER_DESCEND_SHARE} of its
   * parent's retained size.
   */
  static int[] points(
      DominatorTree tree,
      RetainedSizes retained,
      IntUnaryOperator classOf,
      List<Integer> starts,
      IntPredicate loaderClass,
      IntPredicate classObject) {
    Map<Integer, Integer> heavyChild = heavyChildren(tree, retained, classOf, starts, loaderClass);
    int[] points = new int[starts.size()];
    for (int k = 0; k < points.length; k++) {
      int point = starts.get(k);
      Integer next = point < 0 ? null : heavyChild.get(point);
      // a loader the descent left by the lower share only: it goes on into the loader's list of
      // classes for one class's static; when no class object follows (the list of classes fans
      // out: a loader of many classes, none big), the loader itself is the point, as before, and
      // its list (ClassLoader.classes) is no holder of its own
      int lowered = -1;
      for (int steps = 0; next != null && steps < MAX_DESCENT; steps++) {
        if (next == CHAIN_OF_TWO) {
          point = tree.immediateDominator(tree.immediateDominator(point)); // the chain's first link
          break;
        }
        if (lowered < 0
            && loaderClass.test(classOf.applyAsInt(point))
            && retained.retained(next) < DESCEND_SHARE * retained.retained(point)) {
          lowered = point;
        }
        point = next;
        if (classObject.test(point)) {
          lowered = -1;
        }
        next = heavyChild.get(point);
      }
      if (lowered >= 0) {
        point = lowered;
      }
      // a start inside a chain (a node of a linked queue, itself big enough to be a candidate)
      // ends at the chain's first node, as the descent from above it does
      while (point >= 0) {
        int up = tree.immediateDominator(point);
        if (up >= 0 && classOf.applyAsInt(up) == classOf.applyAsInt(point)) {
          point = up;
          continue;
        }
        int upTwo = up < 0 ? -1 : tree.immediateDominator(up);
        if (upTwo < 0 || !chainOfTwo(tree, classOf, point)) {
          break;
        }
        point = upTwo; // a chain whose links are two objects each
      }
      points[k] = point;
    }
    return points;
  }

  /**
   * Whether {@code v} and the three objects above it in the dominator tree alternate between two
   * classes (A, B, A, B): two links of a chain whose links are two objects each. Two links, not
   * one: an array of bags of arrays (A, B, A) is no chain.
   */
  private static boolean chainOfTwo(DominatorTree tree, IntUnaryOperator classOf, int v) {
    int p = tree.immediateDominator(v);
    int up = p < 0 ? -1 : tree.immediateDominator(p);
    int upTwo = up < 0 ? -1 : tree.immediateDominator(up);
    return upTwo >= 0
        && classOf.applyAsInt(v) == classOf.applyAsInt(up)
        && classOf.applyAsInt(p) == classOf.applyAsInt(upTwo)
        && classOf.applyAsInt(v) != classOf.applyAsInt(p);
  }

  /**
   * The descents from {@code starts}: for each object on one, the child that holds at least 80% of
   * its retained size, followed for at most {@value #MAX_DESCENT} steps from the nearest start.
   * (half, below a class loader). Such a child is the parent's biggest (its siblings share the
   * rest, less the parent's own bytes), so it is known the moment it is met, without looking at its
   * siblings: one scan in dominator-tree preorder (a parent before its children) follows every
   * descent at once. Memory: a bit per object while it scans, and a map entry per object on a
   * descent, where a full biggest-child column would cost 4 bytes per object at the analysis's
   * peak.
   */
  private static Map<Integer, Integer> heavyChildren(
      DominatorTree tree,
      RetainedSizes retained,
      IntUnaryOperator classOf,
      List<Integer> starts,
      IntPredicate loaderClass) {
    Map<Integer, Integer> depth = new HashMap<>(); // objects on a descent -> steps from its start
    BitSet onDescent = new BitSet(tree.nodeCount());
    for (int s : starts) {
      if (s >= 0) {
        depth.put(s, 0);
        onDescent.set(s);
      }
    }
    Map<Integer, Integer> heavy = new HashMap<>();
    for (DominatorTree.PreorderScan scan = tree.preorder(); scan.hasNext(); ) {
      int v = scan.next();
      int p = tree.immediateDominator(v);
      if (p < 0 || !onDescent.get(p) || heavy.containsKey(p)) {
        continue;
      }
      int steps = depth.get(p);
      if (steps < MAX_DESCENT
          && retained.retained(v)
              >= (loaderClass.test(classOf.applyAsInt(p)) ? LOADER_DESCEND_SHARE : DESCEND_SHARE)
                  * retained.retained(p)
          && retained.retained(p) > 0
          && classOf.applyAsInt(v) != classOf.applyAsInt(p)) {
        if (chainOfTwo(tree, classOf, v)) {
          heavy.put(p, CHAIN_OF_TWO); // the chain's first link is two objects above p
          continue;
        }
        heavy.put(p, v);
        if (onDescent.get(v)) {
          depth.put(v, Math.min(depth.get(v), steps + 1));
        } else {
          depth.put(v, steps + 1);
          onDescent.set(v);
        }
      }
    }
    return heavy;
  }

  /**
   * Names what accumulates at each point: its elements are the objects whose nearest dominator
   * outside collection plumbing is the point — through any depth of plumbing, such as the chained
   * nodes of a hash bucket or a linked list. One pass in dominator-tree preorder (a parent comes
   * before its children) records, for every plumbing object, which point is that nearest outside
   * dominator, in {@code scratch}.
   */
  private static List<Accumulation> describe(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      List<Accumulation> found,
      byte[] scratch,
      ApplicationPackages packages) {
    List<int[]> groups = new ArrayList<>();
    for (Accumulation a : found) {
      groups.add(new int[] {a.point()});
    }
    List<Stored> stored = stored(index, tree, retained, groups, scratch, packages);
    List<Accumulation> out = new ArrayList<>();
    for (int k = 0; k < found.size(); k++) {
      Accumulation a = found.get(k);
      Stored st = stored.get(k);
      String name =
          st.classIndex() < 0 ? index.heapClass(index.classOf(a.point())).name() : st.name();
      // a few elements under a point: it may be the first link of a chain of its own class
      long links = st.instances() < MIN_CHAIN_LINKS ? chainLinks(index, tree, a.point()) : 0;
      if (links > 2 * Math.max(1, st.instances())) {
        // the links themselves are what accumulates (futures each completed by the next), not
        // what hangs off them (a linked queue's tasks, which outnumber nothing); where the links
        // are two objects each, the chain starts at the one above the point when that one is the
        // other object of a link (the future above the first UniRelay)
        int head = a.point();
        int up = tree.immediateDominator(head);
        long linksAbove = up < 0 ? 0 : chainLinks(index, tree, up);
        if (linksAbove >= links) {
          head = up;
          links = linksAbove;
        }
        out.add(
            new Accumulation(
                a.candidate(),
                head,
                a.retained(),
                index.heapClass(index.classOf(head)).name(),
                links,
                retained.retained(head),
                head));
        continue;
      }
      out.add(
          new Accumulation(
              a.candidate(),
              a.point(),
              a.retained(),
              name,
              st.instances(),
              st.retainedBytes(),
              st.example()));
    }
    return out;
  }

  /** Chains shorter than this are not counted as chains. */
  static final int MIN_CHAIN_LINKS = 16;

  /**
   * The number of objects of {@code head}'s class in the chain it starts, when it starts one: each
   * link dominates the next, directly (the nodes of a linked list) or through one object between (a
   * future, and the completion through which the next future completes it); 0 when the chain has
   * fewer than {@value #MIN_CHAIN_LINKS} links. Cost: the references of the links and of the
   * objects between them.
   */
  static long chainLinks(HeapIndex index, DominatorTree tree, int head) {
    int linkClass = index.classOf(head);
    ReferenceGraph g = index.graph();
    long links = 1;
    int x = head;
    while (true) {
      int next = -1;
      for (long e = g.firstEdge(x), end = g.endEdge(x); e < end && next < 0; e++) {
        int y = g.target(e);
        if (y < 0 || y == x || tree.immediateDominator(y) != x) {
          continue;
        }
        if (index.classOf(y) == linkClass) {
          next = y;
          break;
        }
        for (long f = g.firstEdge(y), endY = g.endEdge(y); f < endY; f++) {
          int z = g.target(f);
          if (z >= 0
              && z != y
              && index.classOf(z) == linkClass
              && tree.immediateDominator(z) == y) {
            next = z;
            break;
          }
        }
      }
      if (next < 0) {
        break;
      }
      links++;
      x = next;
    }
    return links < MIN_CHAIN_LINKS ? 0 : links;
  }

  /**
   * What accumulates under a group of objects (an accumulation point; the values of one
   * ThreadLocal): its class (-1 when nothing is there), how many and what they retain.
   */
  public record Stored(
      int classIndex, String name, long instances, long retainedBytes, int example) {}

  /**
   * What the application stores under each group of owners: the elements are the objects whose
   * nearest dominator outside plumbing (JDK collections and their nodes, library classes) is one of
   * the group's owners, through any depth of plumbing. A group with no such element, because
   * everything under it belongs to a library (a metrics registry's meters), is looked at again with
   * the JDK's collections alone as plumbing, so that the library's own elements are named. One pass
   * in dominator-tree preorder (a parent comes before its children) records, for every plumbing
   * object, the group of that nearest outside dominator, in {@code scratch} (a byte per object,
   * overwritten).
   */
  public static List<Stored> stored(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      List<int[]> groups,
      byte[] scratch,
      ApplicationPackages packages) {
    return stored(index, tree, retained, groups, scratch, packages, 0);
  }

  private static List<Stored> stored(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      List<int[]> groups,
      byte[] scratch,
      ApplicationPackages packages,
      int depth) {
    boolean[] application = new boolean[index.classCount()];
    boolean[] plumbing = new boolean[index.classCount()];
    boolean[] jdkPlumbing = new boolean[index.classCount()];
    for (int c = 0; c < plumbing.length; c++) {
      String name = index.heapClass(c).name();
      application[c] = packages.isApplication(name);
      boolean library = packages.isLibrary(name);
      // an array of references holds its elements as a list does: a map whose values are arrays
      // (PropertyChangeSupport's listeners per property) keeps what is in them, and "200 ×
      // PropertyChangeListener[]" hid 9,000 listeners
      HeapClass k = index.heapClass(c);
      boolean references = k.isArray() && !k.isPrimitiveArray();
      // second look, for a library's own values: its nodes and lambdas still only wrap them
      jdkPlumbing[c] =
          isCollectionInternal(name)
              || references
              || (library && (name.contains("$$Lambda") || looksLikeNode(name)));
      // the JDK's implementation classes wrap what an application registers with it (JMX's
      // NamedObject around an MBean): the application's object is what is stored
      plumbing[c] =
          isCollectionInternal(name) || references || library || isJdkImplementation(name);
    }
    List<Map<Integer, long[]>> byClass = elements(index, tree, retained, groups, plumbing, scratch);
    // no application class below a group: what a library keeps there may say more (a registry's
    // meters rather than their tags' strings), unless it is the library's own nodes
    List<int[]> again = new ArrayList<>();
    for (int k = 0; k < groups.size(); k++) {
      boolean app = byClass.get(k).keySet().stream().anyMatch(c -> application[c]);
      again.add(app ? new int[0] : groups.get(k));
    }
    if (again.stream().anyMatch(g -> g.length > 0)) {
      List<Map<Integer, long[]>> second =
          elements(index, tree, retained, again, jdkPlumbing, scratch);
      for (int k = 0; k < groups.size(); k++) {
        int c = storedClass(index, second.get(k), application);
        boolean libraryValue =
            c >= 0
                && packages.isLibrary(index.heapClass(c).name())
                && !looksLikeNode(index.heapClass(c).name());
        // nor the JDK's wrappers, when nothing of the application is inside them
        boolean jdkWrapper = c >= 0 && isJdkImplementation(index.heapClass(c).name());
        // but not the library's own objects that retain a tenth of what the JDK's do (a Caffeine
        // cache's three deques beside its 9,000 loads in flight, each a CompletableFuture); a
        // library's values that wrap the JDK's (registries, around their meters' AtomicLongs)
        // retain them, and are what is stored
        int first = storedClass(index, byClass.get(k), application);
        boolean fewer =
            c >= 0 && first >= 0 && 10 * second.get(k).get(c)[1] < byClass.get(k).get(first)[1];
        if (byClass.get(k).isEmpty() || ((libraryValue || jdkWrapper) && !fewer)) {
          byClass.set(k, second.get(k));
        }
      }
    }
    List<Stored> out = new ArrayList<>();
    for (Map<Integer, long[]> m : byClass) {
      int c = storedClass(index, m, application);
      out.add(c < 0 ? new Stored(-1, "", 0, 0, -1) : stored(index, c, m));
    }
    // nothing stored below a point but plumbing, or a lone class object: the plumbing is what
    // accumulates, its objects right below the point (a scheduled executor's cancelled tasks,
    // which no longer refer to what they were to run), when they are more than twice as many
    List<int[]> bare = new ArrayList<>();
    for (int k = 0; k < groups.size(); k++) {
      Stored st = out.get(k);
      boolean nothing = st.classIndex() < 0 || st.name().equals("java.lang.Class");
      bare.add(nothing ? groups.get(k) : new int[0]);
    }
    if (bare.stream().anyMatch(g -> g.length > 0)) {
      List<Map<Integer, long[]>> below =
          elements(index, tree, retained, bare, new boolean[index.classCount()], scratch);
      for (int k = 0; k < groups.size(); k++) {
        Map<Integer, long[]> m = below.get(k);
        int c = bare.get(k).length == 0 ? -1 : storedClass(index, m, application);
        if (c >= 0
            && !index.heapClass(c).name().equals("java.lang.Class")
            && m.get(c)[0] > 2 * out.get(k).instances()) {
          out.set(k, stored(index, c, m));
        }
      }
    }
    // a single library object that holds it all (a registry's one collector of a meter name):
    // what accumulates is below it
    for (int k = 0; k < out.size() && depth < 3; k++) {
      Stored st = out.get(k);
      if (st.instances() == 1 && packages.isLibrary(st.name())) {
        Stored below =
            stored(
                    index,
                    tree,
                    retained,
                    List.of(new int[] {st.example()}),
                    scratch,
                    packages,
                    depth + 1)
                .get(0);
        if (below.classIndex() >= 0 && below.instances() > 1) {
          out.set(k, below);
        }
      }
    }
    return out;
  }

  /** What the elements of class {@code c} in {@code byClass} ({count, retained, one}) are. */
  private static Stored stored(HeapIndex index, int c, Map<Integer, long[]> byClass) {
    long[] r = byClass.get(c);
    return new Stored(c, index.heapClass(c).name(), r[0], r[1], (int) r[2]);
  }

  /**
   * Whether a class is one of the JDK's implementation classes, which applications do not make
   * themselves ({@code com.sun.jmx.mbeanserver.NamedObject}, {@code sun.nio.ch.…}, {@code
   * jdk.internal.…}), as opposed to its API ({@code java.lang.Thread}).
   */
  static boolean isJdkImplementation(String className) {
    return className.startsWith("sun.")
        || className.startsWith("com.sun.")
        || className.startsWith("jdk.internal.");
  }

  /**
   * Whether a library class looks like the library's own plumbing rather than a value it keeps: a
   * node, entry or segment ({@code LocalCache$StrongEntry}), or the short generated names of
   * Caffeine's nodes ({@code PSMS}).
   */
  static boolean looksLikeNode(String className) {
    String simple =
        className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    return NODE_NAME.matcher(simple).find() || simple.matches("[A-Z]{1,6}");
  }

  private static final java.util.regex.Pattern NODE_NAME =
      java.util.regex.Pattern.compile(
          "(Node|Entry|Segment|Bucket|Cell|Ref|Reference|Holder)(\\[\\])?$");

  /**
   * Per group: class → {count, retained, one element} of the elements its owners hold through
   * plumbing.
   */
  static List<Map<Integer, long[]>> elements(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      List<int[]> groups,
      boolean[] plumbing,
      byte[] scratch) {
    Map<Integer, Integer> groupOf = new HashMap<>(); // owner -> its group
    // the owners again, as bits: most objects are no owner's child, and cost a bit test
    BitSet owners = new BitSet(index.objectCount());
    List<Map<Integer, long[]>> byClass = new ArrayList<>();
    for (int k = 0; k < groups.size(); k++) {
      byClass.add(new HashMap<>());
      for (int owner : groups.get(k)) {
        groupOf.put(owner, k);
        owners.set(owner);
      }
    }
    // a byte tells up to 255 groups apart: more take one scan per 255 (never seen: the finders
    // have at most ten groups), every owner still stopping the plumbing above it
    for (int first = 0; first < groups.size(); first += GROUPS_PER_SCAN) {
      scanElements(index, tree, retained, plumbing, scratch, groupOf, owners, byClass, first);
    }
    return byClass;
  }

  private static final int GROUPS_PER_SCAN = 255;

  /**
   * One preorder scan for the groups {@code first} to {@code first + 254}: for each plumbing
   * object, {@code outside} holds 1 + the group (less {@code first}) of its nearest dominator that
   * is not plumbing, or of the owner right above it, when that is an owner of one of these groups,
   * else 0.
   */
  private static void scanElements(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      boolean[] plumbing,
      byte[] outside,
      Map<Integer, Integer> groupOf,
      BitSet owners,
      List<Map<Integer, long[]>> byClass,
      int first) {
    // boxed once per class, the last owner's slot and the last tally kept: an owner's children
    // and their classes come in runs, and the elements are millions at a big point, where a boxing
    // and a map lookup each cost most of a second on a 30M-object dump
    Integer[] boxed = new Integer[index.classCount()];
    int lastOwner = -1;
    int lastOwnerSlot = 0;
    int lastSlot = 0;
    int lastClass = -1;
    long[] lastTally = null;
    for (DominatorTree.PreorderScan scan = tree.preorder(); scan.hasNext(); ) {
      int v = scan.next();
      int p = tree.immediateDominator(v);
      // an owner owns its children even when it is plumbing itself (an Object[] of elements)
      int slot; // 1 + the group of v's owner, if it is one of this scan's
      if (p < 0) {
        slot = 0;
      } else if (p == lastOwner) {
        slot = lastOwnerSlot;
      } else if (owners.get(p)) {
        int k = groupOf.get(p) - first;
        slot = k >= 0 && k < GROUPS_PER_SCAN ? k + 1 : 0;
        lastOwner = p;
        lastOwnerSlot = slot;
      } else {
        slot = plumbing[index.classOf(p)] ? outside[p] & 0xFF : 0;
      }
      int c = index.classOf(v);
      if (plumbing[c]) {
        outside[v] = (byte) slot;
      } else if (slot > 0) {
        long[] r;
        if (slot == lastSlot && c == lastClass) {
          r = lastTally; // elements come in runs of one class under one owner (a map's values)
        } else {
          Integer key = boxed[c] == null ? (boxed[c] = c) : boxed[c];
          Map<Integer, long[]> tally = byClass.get(first + slot - 1);
          r = tally.get(key);
          if (r == null) {
            tally.put(key, r = new long[] {0, 0, v});
          }
          lastSlot = slot;
          lastClass = c;
          lastTally = r;
        }
        r[0]++;
        r[1] += retained.retained(v);
      }
    }
  }

  /**
   * What the application stores at a point, from its elements by class ({count, retained}): the
   * application class that retains most if there is one (a {@code Session} rather than its {@code
   * String} keys), else a library's class, else the JDK class that retains most; {@code
   * java.lang.Class} only when nothing else is there, or when classes retain more than the JDK's or
   * a lone library object's elements chosen and are at least half as many (a class under the point
   * is held there alone: code made at run time and kept); then, of two such classes, the one whose
   * elements hold the other's. -1 when the point has no elements.
   */
  private static int storedClass(
      HeapIndex index, Map<Integer, long[]> byClass, boolean[] application) {
    int best = -1;
    int bestRank = -1;
    long bestBytes = -1;
    for (Map.Entry<Integer, long[]> e : byClass.entrySet()) {
      int c = e.getKey();
      int rank = rank(index, c, e.getValue()[0], application);
      long bytes = e.getValue()[1];
      if (rank > bestRank || (rank == bestRank && bytes > bestBytes)) {
        best = c;
        bestRank = rank;
        bestBytes = bytes;
      }
    }
    // A value that holds another element of its rank is what is stored, the other is a part of it:
    // a registry's meter holds its Meter$Id (the map's key, which retains the tags and so more
    // bytes), and the meter is what the application registered. As many wrappers as parts, or
    // nearly, so that one object holding a few elements is not taken for them. Only among a
    // library's values: the application's own classes and the JDK's keep the order above.
    for (int round = 0; round < 3 && best >= 0 && bestRank == 3; round++) {
      int wrapper = -1;
      for (Map.Entry<Integer, long[]> e : byClass.entrySet()) {
        int c = e.getKey();
        if (c != best
            && rank(index, c, e.getValue()[0], application) == bestRank
            && 2 * e.getValue()[0] >= byClass.get(best)[0]
            && references(index, (int) e.getValue()[2], best)) {
          wrapper = c;
          break;
        }
      }
      if (wrapper < 0) {
        break;
      }
      best = wrapper;
    }
    // Class objects are what accumulates when they retain more than what was chosen above and are
    // at least half as many: an element is what the point dominates, so a class there is held
    // there alone, code made at run time and kept (a script engine's cache of compiled classes
    // keeps 1,200 of them and only 6 of its keys, the classes' names, which its locks hold too; a
    // cache of one class per rule keeps each rule's name too, but the classes hold their loaders)
    if (best >= 0 && bestRank <= 2) {
      long[] chosen = byClass.get(best);
      for (Map.Entry<Integer, long[]> e : byClass.entrySet()) {
        if (index.heapClass(e.getKey()).name().equals("java.lang.Class")
            && 2 * e.getValue()[0] >= chosen[0]
            && e.getValue()[1] > chosen[1]) {
          best = e.getKey();
        }
      }
    }
    return best;
  }

  /**
   * The application's classes rank 4, then a library's values of which there are many (a registry's
   * counters) 3, then the JDK's (strings, arrays) 2, then a lone library object 1, Class objects 0.
   */
  private static int rank(HeapIndex index, int c, long count, boolean[] application) {
    String name = index.heapClass(c).name();
    boolean libraryClass = !application[c] && !ApplicationPackages.isJdk(name);
    return application[c]
        ? 4
        : libraryClass ? (count > 1 ? 3 : 1) : (name.equals("java.lang.Class") ? 0 : 2);
  }

  /** Whether object {@code from} references an instance of class {@code c}. */
  private static boolean references(HeapIndex index, int from, int c) {
    var graph = index.graph();
    long end = graph.endEdge(from);
    for (long e = graph.firstEdge(from); e < end; e++) {
      if (index.classOf(graph.target(e)) == c) {
        return true;
      }
    }
    return false;
  }

  /** Keys identified before {@link #repeats} says anything of them. */
  static final int MIN_REPEATED = 200;

  /** At most one key in this many differs from the others: the same keys stored again. */
  static final int REPEAT_RATIO = 4;

  /**
   * What to say when the entries of the point's own map hold mostly the same keys by their contents
   * (at most one in {@value #REPEAT_RATIO} differs by the Strings, numbers and UUIDs it holds, of
   * at least {@value #MIN_REPEATED}), or null. A map whose keys compare by their contents holds
   * each once; one that holds 12,000 entries for 300 symbol and currency pairs has a key class
   * without {@code equals} and {@code hashCode}, and every lookup adds an entry instead of finding
   * the one there. Only the point's own entries count: maps inside it (a cache per tenant of the
   * same items) may each hold the same keys.
   */
  public static @Nullable String repeats(ElementSamples.Sample sample) {
    if (!sample.keysRepeat(MIN_REPEATED, REPEAT_RATIO)) {
      return null;
    }
    String keyClass = sample.keyClass() == null ? "its key class" : sample.keyClass();
    return String.format(
        Locale.ROOT,
        "Its %,d entries hold only %,d different keys by the Strings, numbers and UUIDs in them:"
            + " %s most likely lacks equals() and hashCode() (or they compare something that"
            + " differs per call), so every lookup adds an entry instead of finding the one there.",
        sample.keys(),
        sample.distinctKeys(),
        keyClass);
  }

  /** Where an accumulation's explanation sends the reader, before what it says of the elements. */
  static final String LOOK_AT = " look at the code that adds to {holder}.";

  /**
   * The sentence of an accumulation's explanation that says its entries are never removed, as it
   * reads for {@code holder}: what a holder whose entries are evicted or replaced drops.
   */
  public static String neverRemoved(String holder) {
    return " If this grows between dumps, entries are added and never removed:"
        + LOOK_AT.replace("{holder}", holder);
  }

  /**
   * For the JDK's registries, which the application fills through an API rather than by adding to
   * their field, what to look at instead of {@link #LOOK_AT}: the call that adds, and what removes.
   */
  private static final Map<String, String> REGISTRIES =
      Map.of(
          "java.io.DeleteOnExitHook.files",
          " look at the code that calls File.deleteOnExit(): the JDK keeps each path it is given"
              + " until the JVM exits, even after the file is deleted. Delete temporary files"
              + " yourself (Files.deleteIfExists, in a finally block) rather than marking them.",
          "java.lang.ApplicationShutdownHooks.hooks",
          " look at the code that calls Runtime.addShutdownHook, directly or through a library"
              + " (a Spring context's registerShutdownHook): the JVM keeps each hook, and all it"
              + " refers to, until it exits. Remove the hook (Runtime.removeShutdownHook), or close"
              + " what registered it (the Spring context), once its work is done.",
          "java.lang.management.ManagementFactory.platformMBeanServer",
          " look at the code that registers MBeans (MBeanServer.registerMBean): the platform"
              + " MBean server keeps each until it is unregistered. Unregister each"
              + " (unregisterMBean) when what it describes goes away.",
          "java.util.logging.LogManager.manager",
          " look at the code that names java.util.logging loggers after data"
              + " (Logger.getLogger(\"orders.\" + id), directly or through a logging bridge): the"
              + " log manager keeps a node for every logger name it was ever given, in its tree of"
              + " names, even after the logger itself is collected. Name loggers after classes or"
              + " components, and put the id in the message.",
          "sun.management.MemoryImpl.mgrs",
          " look at the code that adds notification listeners to the JVM's memory or garbage"
              + " collector MXBeans (NotificationEmitter.addNotificationListener, as code that"
              + " charts collections does): each MXBean keeps every listener, with all it refers"
              + " to, until removeNotificationListener. Remove each when what it reports to goes"
              + " away, or add one listener for good.",
          "java.util.concurrent.CompletableFuture$Delayer.delayer",
          " look at the code that calls orTimeout or completeOnTimeout on a CompletableFuture"
              + " (or runs tasks through CompletableFuture.delayedExecutor): the JDK schedules each"
              + " timeout on this one scheduler, which keeps it until it fires or its future"
              + " completes.",
          "org.springframework.cache.concurrent.ConcurrentMapCache.store",
          " look at the methods annotated @Cacheable that fill this cache: Spring's"
              + " ConcurrentMapCache (what ConcurrentMapCacheManager makes) has no size bound and"
              + " no expiry, so every new key stays. Check the cache's key (a parameter that"
              + " differs on every call, such as a request id or a time, makes each call a new"
              + " entry), and back the cache with one that evicts (Caffeine with maximumSize or"
              + " expireAfterWrite, through CaffeineCacheManager).",
          "java.sql.DriverManager.registeredDrivers",
          " look at the code that registers JDBC drivers (DriverManager.registerDriver, or"
              + " loading a driver class in a new class loader): each stays, with its loader, until"
              + " it is deregistered (DriverManager.deregisterDriver).");

  /** An explanation's template with the JDK registry's sentence for {@link #LOOK_AT}, if any. */
  static String lookAt(String template, String holder) {
    String registry = REGISTRIES.get(holder);
    return registry == null ? template : template.replace(LOOK_AT, registry);
  }

  /**
   * What an accumulation's explanation says of its elements after {@link #LOOK_AT}: what lambdas
   * capture, what classes are, what to do about tasks and statements; empty when nothing.
   */
  static String aboutTheElements(String explanation) {
    int at = explanation.indexOf(LOOK_AT);
    return at < 0 ? "" : explanation.substring(at + LOOK_AT.length());
  }

  private static String bytesOf(long bytes) {
    return TextReportWriter.bytes(bytes);
  }

  /** An accumulation point as a finding, explained. */
  public static Finding finding(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      Accumulation a,
      ApplicationPackages packages)
      throws IOException {
    long instances = Math.max(1, a.instances());
    String container = index.heapClass(index.classOf(a.point())).name();
    String captures =
        captures(index, a)
            + classes(index, a)
            + inside(index, tree, retained, a, packages)
            + ownCollection(index, tree, retained, a, packages)
            + advice(container, a.accumulatedClass(), packages);
    if (instances == 1
        && a.accumulatedClass().equals(container)
        && index.heapClass(index.classOf(a.point())).isPrimitiveArray()) {
      // one array that grows (a StringBuilder's, a stream's): no elements to count
      return new Finding(
          Suspect.KIND_ACCUMULATION,
          a.point(),
          null,
          a.accumulatedClass(),
          1,
          a.retained(),
          List.of(),
          List.of(),
          "a "
              + container
              + " of "
              + bytesOf(a.retained())
              + " held by {holder} ({percent} of the"
              + " heap)",
          "One "
              + container
              + " of "
              + bytesOf(a.retained())
              + ", reached through {holder}, is {percent} of the reachable heap: one object that"
              + " grows, not a collection (the array of a StringBuilder, a ByteArrayOutputStream"
              + " or a buffer). If it grows between dumps, something appends to it and never"
              + " trims, resets or replaces it:"
              + LOOK_AT);
    }
    return new Finding(
        Suspect.KIND_ACCUMULATION,
        a.point(),
        null,
        a.accumulatedClass(),
        instances,
        a.retained(),
        List.of(),
        List.of(),
        instances + " × " + a.accumulatedClass() + " held by {holder} ({percent} of the heap)",
        instances
            + " instances of "
            + a.accumulatedClass()
            + " accumulate in a "
            + container
            + " reached through {holder}, which retains {percent} of the reachable heap. If this"
            + " grows between dumps, entries are added and never removed:"
            + LOOK_AT
            + captures);
  }

  /**
   * For lambdas, what each captures: a lambda's fields are its captured values, so their classes
   * say what every registration keeps alive ("a listener that captures a byte[] and an Order").
   * Read from one example; empty for other classes.
   */
  private static String captures(HeapIndex index, Accumulation a) {
    if (!a.accumulatedClass().contains("$$Lambda") || a.example() < 0) {
      return "";
    }
    var graph = index.graph();
    java.util.Set<String> classes = new java.util.LinkedHashSet<>();
    long end = graph.endEdge(a.example());
    for (long e = graph.firstEdge(a.example()); e < end; e++) {
      classes.add(index.heapClass(index.classOf(graph.target(e))).name());
    }
    return classes.isEmpty()
        ? " Each is a lambda that captures nothing on the heap."
        : " Each is a lambda that captures " + String.join(", ", classes) + ".";
  }

  /** An element must retain this much for {@link #ownCollection} to look inside it. */
  static final long OWN_COLLECTION_MIN_BYTES = 1024;

  /**
   * For the application's elements, a collection of each element's own that retains most of it: the
   * field to look at when the elements stay as many and grow each (a customer's history in a cache,
   * a session's attributes). From one example of at least {@value #OWN_COLLECTION_MIN_BYTES} bytes:
   * its biggest child it references itself, when that is a collection or an array of references and
   * retains at least half of the example. Empty otherwise.
   */
  private static String ownCollection(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      Accumulation a,
      ApplicationPackages packages)
      throws IOException {
    int x = a.example();
    if (x < 0
        || !packages.isApplication(a.accumulatedClass())
        || index.heapClass(index.classOf(x)).isArray()
        || retained.retained(x) < OWN_COLLECTION_MIN_BYTES) {
      return "";
    }
    int biggest = biggestChild(index, tree, retained, x);
    if (biggest < 0 || 2 * retained.retained(biggest) < retained.retained(x)) {
      return "";
    }
    io.leakscope.heap.HeapClass c = index.heapClass(index.classOf(biggest));
    boolean collection =
        (c.isArray() && !c.isPrimitiveArray())
            || (ApplicationPackages.isJdk(c.name())
                && c.name().matches(".*(List|Map|Set|Queue|Deque|Vector|Collection)(\\$.*)?"));
    if (!collection) {
      return "";
    }
    String field = index.referenceName(x, index.referenceIndex(x, index.address(biggest)));
    if (field == null || field.endsWith("]") || field.endsWith(">")) {
      return "";
    }
    return " Most of each is in its field "
        + field.substring(field.lastIndexOf('.') + 1)
        + ": in one of them, a "
        + c.name()
        + " that retains "
        + bytesOf(retained.retained(biggest))
        + " of its "
        + bytesOf(retained.retained(x))
        + ".";
  }

  /**
   * The object {@code x} references itself that retains the most of those it dominates, or -1 when
   * it dominates none of them.
   */
  private static int biggestChild(
      HeapIndex index, DominatorTree tree, RetainedSizes retained, int x) {
    var graph = index.graph();
    int biggest = -1;
    long end = graph.endEdge(x);
    for (long e = graph.firstEdge(x); e < end; e++) {
      int t = graph.target(e);
      if (t >= 0
          && tree.immediateDominator(t) == x
          && (biggest < 0 || retained.retained(t) > retained.retained(biggest))) {
        biggest = t;
      }
    }
    return biggest;
  }

  /** The most classes {@link #inside} names. */
  private static final int INSIDE_CLASSES = 3;

  /**
   * For a library's objects that accumulate, what each keeps most of: a library's own class says
   * little to the application's developer ({@code okhttp3.internal.concurrent.TaskQueue}), what it
   * holds says more (each is the cleanup queue of a connection pool that holds a connection: one
   * {@code OkHttpClient} per request). From one example, down its biggest child that it references
   * itself, as long as that child retains at least half of the example: the classes met on the way
   * that are neither the JDK's, nor the element's own, nor anonymous ({@code $1}, lambdas), at most
   * three. Empty for the application's and the JDK's classes, and when nothing of another class
   * holds most.
   */
  private static String inside(
      HeapIndex index,
      DominatorTree tree,
      RetainedSizes retained,
      Accumulation a,
      ApplicationPackages packages) {
    String element = a.accumulatedClass();
    if (a.example() < 0
        || ApplicationPackages.isJdk(element)
        || packages.isApplication(element)
        || element.contains("$$Lambda")) {
      return "";
    }
    long half = retained.retained(a.example()) / 2;
    java.util.LinkedHashSet<String> met = new java.util.LinkedHashSet<>();
    int x = a.example();
    for (int step = 0; step < 16 && met.size() < INSIDE_CLASSES; step++) {
      int biggest = biggestChild(index, tree, retained, x);
      if (biggest < 0 || retained.retained(biggest) < half) {
        break;
      }
      x = biggest;
      String name = index.heapClass(index.classOf(x)).name();
      if (!ApplicationPackages.isJdk(name)
          && !name.equals(element)
          && !name.matches(".*\\$\\d+$")
          && !name.contains("$$Lambda")) {
        met.add(name);
      }
    }
    if (met.isEmpty()) {
      return "";
    }
    List<String> names = new ArrayList<>(met);
    String chain = "a " + names.get(0);
    for (int i = 1; i < names.size(); i++) {
      chain += (i == 1 ? ", in it a " : ", and in that a ") + names.get(i);
    }
    return " Most of what each keeps is in " + chain + ".";
  }

  /**
   * What to do about two kinds of accumulation whose cause is not where the elements are added but
   * where they are never let go, recognised by what holds them: tasks in a scheduled executor's
   * queue ({@code RunnableScheduledFuture[]}: a periodic task stays queued until it is cancelled,
   * whoever scheduled it, {@code scheduleAtFixedRate} or Reactor's {@code Flux.interval}), and a
   * library's or the JDK's JDBC statements or result sets (a connection, or its pool's proxy, keeps
   * each one open until it is closed). Empty otherwise; an application class named like a statement
   * ({@code BankStatement}) is the application's data, not JDBC's.
   */
  /**
   * Whether a class is one series of a metric: a data point or labelled child of the Prometheus
   * client, or a meter of Micrometer (a counter, timer, gauge or summary, of any registry).
   */
  static boolean isMetricSeries(String name) {
    String simple = name.substring(name.lastIndexOf('.') + 1);
    if (name.startsWith("io.prometheus.")) {
      return simple.endsWith("DataPoint") || simple.endsWith("$Child");
    }
    if (name.startsWith("io.micrometer.")) {
      return simple.endsWith("Counter")
          || simple.endsWith("Timer")
          || simple.endsWith("Gauge")
          || simple.endsWith("DistributionSummary");
    }
    return false;
  }

  /** Loggers of the logging frameworks, which keep each by name. */
  private static final Set<String> LOGGERS =
      Set.of(
          "ch.qos.logback.classic.Logger",
          "org.apache.logging.log4j.core.Logger",
          "org.apache.log4j.Logger",
          "java.util.logging.Logger");

  /** Open files, each a file descriptor until it is closed. */
  private static final Set<String> OPEN_FILES =
      Set.of(
          "java.io.FileInputStream",
          "java.io.FileOutputStream",
          "java.io.RandomAccessFile",
          "sun.nio.ch.FileChannelImpl");

  /** A scheduled executor's task, what its queue holds. */
  private static final String SCHEDULED_TASK =
      "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";

  static String advice(String container, String accumulated, ApplicationPackages packages) {
    boolean scheduled =
        container.equals("java.util.concurrent.RunnableScheduledFuture[]")
            || container.startsWith("java.util.concurrent.DelayScheduler$");
    if (scheduled && accumulated.equals("java.util.concurrent.CompletableFuture")) {
      return " They are futures waiting for the timeout given to orTimeout or completeOnTimeout:"
          + " the JDK's scheduler of those timeouts keeps each future, with everything its"
          + " stages capture, until its timeout fires, even when nobody waits for it any more."
          + " When a caller gives up on a future, complete or cancel it (which cancels its"
          + " timeout too), and keep timeouts as short as the callers wait.";
    }
    if (container.equals("java.util.concurrent.CompletableFuture")
        && accumulated.equals(container)) {
      return " They are a chain of futures, each to be completed by the next one: a recursion"
          + " through thenCompose (polling or retrying until something is done) that has not"
          + " ended, each level's future waiting for the level below. Every poll adds a link,"
          + " and the newest holds them all. Loop rather than recurse (start the next attempt from"
          + " a callback, and complete one future when done), and bound the attempts.";
    }
    if (container.startsWith("com.github.benmanes.caffeine.cache.")
        && accumulated.equals("java.util.concurrent.CompletableFuture")) {
      return " They are loads in flight in a Caffeine async cache: a future that has not"
          + " completed is not evicted, by size or by time, so a loader whose future never"
          + " completes (a call with no timeout) keeps its key, its future and every caller"
          + " waiting on it. Give the loads a timeout (orTimeout on the loader's future), so that"
          + " they fail and leave the cache.";
    }
    if (accumulated.equals(
        "io.micrometer.core.instrument.internal.DefaultLongTaskTimer$SampleImpl")) {
      return " They are samples of a Micrometer LongTaskTimer that were started and never"
          + " stopped: the timer keeps each, and counts it as a task still running, until stop()"
          + " is called. Stop every sample in a finally block, or let the timer run the task"
          + " (LongTaskTimer.record).";
    }
    if (OPEN_FILES.contains(accumulated)) {
      return " Each holds a file descriptor of the process open until it is closed: besides the"
          + " heap, they use up the process's limit of open files (ulimit -n; \"Too many open"
          + " files\" once it is reached), and a deleted file's disk space stays taken while it is"
          + " open. Close each when its work is done (try-with-resources).";
    }
    if (container.equals("io.netty.util.HashedWheelTimer$HashedWheelBucket[]")) {
      return " They are the tasks of timeouts pending in a Netty HashedWheelTimer: the timer keeps"
          + " each, with all it captures, until it fires, however long that is. Cancel the"
          + " Timeout that newTimeout returned when what it guards ends, and keep such timeouts"
          + " short.";
    }
    if (container.equals("java.util.TimerTask[]")) {
      return " They wait in a java.util.Timer's queue: a task stays there until its time comes,"
          + " even once cancelled (TimerTask.cancel() only marks it), and a periodic task stays"
          + " for good. Call purge() on the timer after cancelling tasks, or use a"
          + " ScheduledThreadPoolExecutor with setRemoveOnCancelPolicy(true), and cancel"
          + " periodic tasks when their owner goes away.";
    }
    if (container.equals("reactor.core.publisher.FluxGroupBy$GroupByMain")
        || accumulated.equals("reactor.core.publisher.FluxGroupBy$UnicastGroupedFlux")) {
      return " They are Reactor's groups of a groupBy: it keeps a group, with what waits in it"
          + " (a partial buffer, a window), for every key until that group completes. With keys"
          + " that do not come back (users, sessions, requests), end each group (take(Duration),"
          + " timeout, or a window per group), or group by a bounded key.";
    }
    if (accumulated.equals("java.lang.ref.WeakReference")
        || accumulated.equals("java.lang.ref.SoftReference")) {
      return " They are reference objects: the collector clears one when what it refers to is"
          + " gone, but does not take it out of the structure that keeps it. Remove the cleared"
          + " ones (those whose get() returns null, or those a ReferenceQueue given to them"
          + " hands back), or use a structure that does it itself (WeakHashMap, a cache with weak"
          + " keys or values).";
    }
    if (container.endsWith(".CompositeMeterRegistry")
        && accumulated.startsWith("io.micrometer.")
        && accumulated.endsWith("MeterRegistry")) {
      return " They are meter registries added to a composite (Metrics.addRegistry adds to the"
          + " global one, Metrics.globalRegistry): the composite keeps each registry until it is"
          + " removed, and gives every one of them a copy of each meter it has or will have."
          + " Remove a registry (Metrics.removeRegistry) when the code that added it is done"
          + " with it, or read a job's counts from meters of its own instead.";
    }
    if (container.equals("java.util.concurrent.RunnableScheduledFuture[]")
        && accumulated.equals(SCHEDULED_TASK)) {
      return " They are tasks that no longer refer to anything they were to run: cancelled ones"
          + " (a cancelled task lets go of its Runnable but stays in the queue until its delay has"
          + " passed) or tasks whose work is a JDK object. A ScheduledThreadPoolExecutor keeps"
          + " cancelled tasks unless told otherwise: call setRemoveOnCancelPolicy(true) on it, so"
          + " that cancel() removes the task, and prefer short delays for timeouts that are"
          + " usually cancelled.";
    }
    if (scheduled) {
      return " They wait in a scheduled executor's queue: a periodic task (scheduleAtFixedRate,"
          + " scheduleWithFixedDelay, Reactor's Flux.interval) stays there, with all it refers to,"
          + " until it is cancelled. Keep what scheduling returned (the ScheduledFuture, or the"
          + " Disposable of subscribe) and cancel or dispose of it when its owner goes away.";
    }
    if (container.startsWith("java.util.concurrent.CompletableFuture$")) {
      return " They wait on a CompletableFuture that has not completed: each stage added to it"
          + " (thenRun, thenApply, whenComplete, …) stays on the future, with all it captures,"
          + " until the future completes. If it never does (a start-up step that failed, a reply"
          + " that never came), complete it, exceptionally if need be, or give it a timeout"
          + " (orTimeout, completeOnTimeout).";
    }
    if (isMetricSeries(accumulated)) {
      return " Each is one time series of a metric: a label (tag) whose values have no bound (a"
          + " user, a request id, a full URL) makes one more series for each value, which the"
          + " registry keeps for good and exports at every scrape. Keep label values to a small"
          + " fixed set (a route template, a status class), or remove the series when its value"
          + " is retired.";
    }
    if (LOGGERS.contains(accumulated)) {
      return " Logging frameworks keep every logger they make, by name, for as long as the JVM"
          + " runs: a logger named after an id (a user, an order, a request) is one more logger"
          + " for each id. Name loggers after classes or a fixed set of names, and put the id in"
          + " the message or the MDC.";
    }
    String simple = accumulated.substring(accumulated.lastIndexOf('.') + 1);
    if (!packages.isApplication(accumulated)
        && (simple.endsWith("Statement") || simple.endsWith("ResultSet"))) {
      return " They look like JDBC statements or result sets that were never closed: a connection,"
          + " or its pool's proxy of it, keeps each open one until it is closed, and a connection"
          + " that is kept (or never returned to its pool) keeps them all. Close each in a"
          + " try-with-resources block.";
    }
    return "";
  }

  /**
   * For classes that accumulate, what they are: one of them, and the loader that defined it. A
   * class kept by something other than its loader is code made or loaded at run time (a script, a
   * rule, a template, a proxy), and what it costs is mostly outside the heap. Empty for other
   * classes.
   */
  private static String classes(HeapIndex index, Accumulation a) throws IOException {
    HeapClass example = a.example() < 0 ? null : index.representedClass(a.example());
    if (!a.accumulatedClass().equals("java.lang.Class") || example == null) {
      return "";
    }
    int loader =
        example.loaderAddress() == 0
            ? -1
            : index.referencedObjectAt(a.example(), example.loaderAddress());
    String definedBy =
        loader < 0 ? "" : ", defined by a " + index.heapClass(index.classOf(loader)).name();
    return " Each is a class, such as "
        + example.name()
        + definedBy
        + ": code made or loaded while the program runs, and kept. A class keeps its loader and"
        + " its static data in the heap, and its code and metadata outside it, in Metaspace, which"
        + " grows with them. When the same kind of code is compiled again and again (a script, a"
        + " rule, a template), compile each text once and reuse its class, or let the cache and"
        + " its loaders go.";
  }

  /**
   * JDK collection plumbing that stands between a collection and its elements: the collections of
   * {@code java.util} and {@code java.util.concurrent} ({@code ArrayList}, {@code HashMap}, …),
   * their nodes and tables ({@code HashMap$Node[]}), and {@code Object[]}. Values that live in
   * {@code java.util} ({@code UUID}, {@code Date}, {@code Optional}) are elements, not plumbing.
   */
  public static boolean isCollectionInternal(String name) {
    if (name.equals("java.lang.Object[]")) {
      return true;
    }
    if (!name.startsWith("java.util.")) {
      return false;
    }
    String simple = name.substring(name.lastIndexOf('.') + 1);
    if (simple.endsWith("[]")) {
      simple = simple.substring(0, simple.length() - 2);
    }
    return simple.contains("$") || COLLECTION_NAME.matcher(simple).find();
  }

  private static final java.util.regex.Pattern COLLECTION_NAME =
      java.util.regex.Pattern.compile(
          "(List|Map|Set|Queue|Deque|Vector|Stack|Hashtable|Properties|Collection)$");

  /**
   * The field that holds an accumulation, from its path (root first), with {@link
   * ApplicationPackages#DEFAULT}: see {@link #holder(List, ApplicationPackages)}.
   */
  public static String holder(List<String> path) {
    return holder(path, ApplicationPackages.DEFAULT);
  }

  /**
   * The field that holds what a library keeps in its own objects: the application's field when one
   * is on the path (as {@link #holder(List, ApplicationPackages)}), otherwise the outermost static
   * or library field rather than the nearest, so that the name does not depend on where inside the
   * library a descent ended: Netty's {@code PooledByteBufAllocator.DEFAULT}, whichever arena, list
   * or chunk its memory was found in.
   */
  public static String outerHolder(List<String> path, ApplicationPackages packages) {
    String application = nearestApplicationField(path, packages);
    if (application != null) {
      return application; // the application's field, as always
    }
    for (String step : path) {
      if (step.startsWith("static ")) {
        return step.substring("static ".length());
      }
      if (step.startsWith("thread ") || (isField(step) && !ApplicationPackages.isJdk(step))) {
        return step;
      }
    }
    return holder(path, packages);
  }

  /**
   * The field that holds an accumulation, from its path (root first): walking back from the
   * accumulation point, the nearest static or instance field declared by an application class
   * ({@code "static a.Registry.sessions"} → {@code "a.Registry.sessions"}), so that a cache or
   * registry of a library is named by the application's field that holds it. When no application
   * field is on the path (a framework keeps the data itself), the nearest field outside the JDK's
   * collections: the framework's own. When the path starts at no field and holds only the JDK's,
   * the nearest JDK field outside its collections ({@code java.lang.ClassLoader.parallelLockMap}).
   * Collection internals ({@code java.util.HashMap.table}, array slots) and pseudo-fields ({@code
   * <class>}, {@code <classloader>}) never name a holder.
   */
  public static String holder(List<String> path, ApplicationPackages packages) {
    return holder(path, packages, true);
  }

  /**
   * As {@link #holder(List, ApplicationPackages)}, but a library's nearest field even where its
   * component's static field would name a suspect: the place memory is, for the list of where
   * native memory is held ({@code PoolChunkList.head}, not the pool's {@code QINIT}).
   */
  public static String nearestHolder(List<String> path, ApplicationPackages packages) {
    return holder(path, packages, false);
  }

  private static String holder(
      List<String> path, ApplicationPackages packages, boolean componentStatic) {
    String application = nearestApplicationField(path, packages);
    if (application != null) {
      return application;
    }
    for (int i = path.size() - 1; i >= 0; i--) {
      String step = path.get(i);
      if (step.startsWith("static ")) {
        return step.substring("static ".length());
      }
      if (step.startsWith("thread ")) {
        return step;
      }
      if (isField(step) && !ApplicationPackages.isJdk(step)) {
        return componentStatic ? componentStatic(path, i) : step;
      }
    }
    // only the JDK's fields from a root that is no field: the nearest that is not a collection's
    // own (a class loader's parallelLockMap, not the class whose <classloader> the path took,
    // which is any of the loader's classes and changes from one dump to the next)
    for (int i = path.size() - 1; i >= 0; i--) {
      String step = path.get(i);
      if (isField(step) && !isCollectionInternal(declaringClass(step))) {
        return step;
      }
    }
    return path.isEmpty() ? "?" : path.get(0);
  }

  /**
   * Walking back from a path's end to its root (or to a thread, whose stack is not a field), the
   * first field declared by an application class, or null.
   */
  private static @org.jspecify.annotations.Nullable String nearestApplicationField(
      List<String> path, ApplicationPackages packages) {
    for (int i = path.size() - 1; i >= 0; i--) {
      String step = path.get(i);
      if (step.startsWith("thread ")) {
        break;
      }
      String field = step.startsWith("static ") ? step.substring("static ".length()) : step;
      if (isField(field) && packages.isApplication(declaringClass(field))) {
        return field;
      }
    }
    return null;
  }

  /**
   * The field declared by an application class nearest a path's end, before any thread on it, or
   * null: see {@link #holder(List, ApplicationPackages)}.
   */
  public static @org.jspecify.annotations.Nullable String applicationField(
      List<String> path, ApplicationPackages packages) {
    return nearestApplicationField(path, packages);
  }

  /** Whether a path step is a field ({@code Class.field}), not a slot, root or pseudo-field. */
  public static boolean isField(String step) {
    return !step.endsWith("]")
        && !step.startsWith("class ")
        && !step.startsWith("root ")
        && !step.startsWith("JNI ")
        && !step.startsWith("monitor ")
        && !step.endsWith(".<class>")
        && !step.endsWith(".<classloader>")
        && !step.endsWith(".<superclass>")
        && !step.endsWith(".<local>")
        && step.lastIndexOf('.') > 0;
  }

  /**
   * A library's field at {@code path[at]}, or the static field the path starts at when it belongs
   * to the same package and so does every library field between them: the component's entry point
   * ({@code reactor.core.scheduler.Schedulers.CACHED_PARALLEL}) rather than a field deep inside it,
   * which can change between runs when two of its fields hold the same object (Reactor's scheduler
   * state keeps its executors in {@code initialResource} and {@code currentResource}, and the
   * search for paths took one on JDK 17, the other on JDK 25). A static field of another package is
   * another component (Spring Boot's shutdown hook holds the context whose {@code
   * applicationListeners} accumulate), and the nearest field names the holder.
   */
  private static String componentStatic(List<String> path, int at) {
    String field = path.get(at);
    if (at == 0 || !path.get(0).startsWith("static ")) {
      return field;
    }
    String root = path.get(0).substring("static ".length());
    String pkg = packageOf(declaringClass(root));
    if (ApplicationPackages.isJdk(root) || !inPackage(declaringClass(field), pkg)) {
      return field;
    }
    for (int i = 1; i < at; i++) {
      String step = path.get(i);
      if (step.endsWith("]")) {
        // one element of a collection between them (a registry among the global composite's):
        // the field names that element's structure, not the component's entry point
        return field;
      }
      if (isField(step)
          && !ApplicationPackages.isJdk(step)
          && !inPackage(declaringClass(step), pkg)) {
        return field;
      }
    }
    return root;
  }

  /**
   * Whether a class is in a package or one below it: a component's entry point and its parts
   * ({@code io.micrometer.core.instrument.Metrics.globalRegistry} and the composite registry of
   * {@code io.micrometer.core.instrument.composite} it holds).
   */
  private static boolean inPackage(String className, String pkg) {
    String own = packageOf(className);
    return own.equals(pkg) || own.startsWith(pkg + ".");
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  private static String declaringClass(String field) {
    return field.substring(0, field.lastIndexOf('.'));
  }

  /**
   * The point's field under which the most elements (objects of {@code elementClass}) lie behind
   * collection plumbing only (a map, its table and nodes), or null when no field holds two or more
   * that way. When a point holds its elements in two structures (Logback's context: a map of its
   * loggers by name, and the tree of loggers from the root logger), the path to an element leaves
   * it by either, as the path search goes, and the name changed with the JDK ({@code
   * LoggerContext.loggerCache} on JDK 17, {@code LoggerContext.root} on 25); the collection that
   * holds them all is the name. A walk of each field's plumbing, at most 1,000,000 objects.
   */
  public static @Nullable String fieldHoldingMostElements(
      HeapIndex index, int point, int elementClass) throws IOException {
    var graph = index.graph();
    String best = null;
    int bestCount = 1;
    for (long e = graph.firstEdge(point), end = graph.endEdge(point); e < end; e++) {
      int target = graph.target(e);
      if (target < 0) {
        continue;
      }
      int count = 0;
      ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(target));
      Set<Integer> seen = new HashSet<>(List.of(target));
      while (!queue.isEmpty() && seen.size() < 1_000_000) {
        int v = queue.poll();
        if (index.classOf(v) == elementClass) {
          count++;
        } else if (isCollectionInternal(index.heapClass(index.classOf(v)).name())) {
          for (long f = graph.firstEdge(v), fEnd = graph.endEdge(v); f < fEnd; f++) {
            int t = graph.target(f);
            if (t >= 0 && seen.add(t)) {
              queue.add(t);
            }
          }
        }
      }
      if (count > bestCount) {
        String name =
            index.referenceName(point, index.referenceIndex(point, index.address(target)));
        if (name != null && isField(name)) {
          best = name;
          bestCount = count;
        }
      }
    }
    return best;
  }
}
