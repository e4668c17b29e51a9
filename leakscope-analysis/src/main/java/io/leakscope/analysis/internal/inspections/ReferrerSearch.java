package io.leakscope.analysis.internal.inspections;

import io.leakscope.heap.ReferenceGraph;
import java.util.Arrays;

/**
 * The search for the first referrer of each target (duplicate Strings, wasteful collections),
 * climbing through collection plumbing; {@link WasteHolders} names what it finds.
 *
 * <p>Design note. The targets are marked in a bit set and every reachable object's references are
 * scanned once, highest id first; the first referrer found of each target is kept and the target
 * unmarked. A referrer that is collection plumbing (an object array, a {@code java.util} collection
 * or its nodes) is not a useful answer, so it is marked in turn and looked up further in the same
 * scan: objects are mostly allocated after what refers to them, so the scan from the top finds most
 * referrers of a new mark below it. Marks the scan passed are looked up by another scan, at most
 * {@value WasteHolders#MAX_SCANS} scans in all and {@value WasteHolders#MAX_CLIMB} plumbing levels.
 *
 * <p>Memory, in bytes: per object of the dump one bit (the marks), plus a 64 K-bit filter (8 KB);
 * per target 8 (referrer, edge position); per plumbing object on the way 20 in five int lists, and
 * 16 to 32 in an open-addressing table (8 per slot) kept at most half full.
 */
final class ReferrerSearch {
  final InspectionContext cx;
  final ReferenceGraph g;
  final int[] targets;
  final int[] ref;
  final int[] pos;
  final Plumbing p = new Plumbing();
  final Bits pending;
  final long[] filter = new long[1024];

  /** Marks whose referrers may lie where no scan has looked since they were set. */
  int hopeful;

  int fresh;
  int addedPending;

  ReferrerSearch(InspectionContext cx, int[] targets) {
    this.cx = cx;
    this.g = cx.g;
    this.targets = targets;
    ref = new int[targets.length];
    pos = new int[targets.length];
    Arrays.fill(ref, -1);
    pending = new Bits(cx.n);
    for (int id : targets) {
      mark(id);
    }
    hopeful = targets.length;
  }

  /**
   * Marks {@code id} in {@link #pending} and in the filter: 64 K bits (8 KB, kept in L1) that the
   * scan tests first, so that with few marks most references cost no miss on the big bit set. Bits
   * of the filter are never cleared; it only ever lets too much through.
   */
  private void mark(int id) {
    pending.set(id);
    filter[(id * 0x9e3779b1) >>> 22] |= 1L << id;
  }

  /** One scan from the top id down to {@code low}, stopping early when no mark is hopeful. */
  void scan(int scan, int low) {
    fresh = hopeful;
    addedPending = 0;
    long end = cx.n > 0 ? g.endEdge(cx.n - 1) : 0;
    for (int v = cx.n - 1; v >= low && fresh > 0; v--) {
      long first = g.firstEdge(v); // the end of the list below
      for (long e = first; e < end; e++) {
        int x = g.target(e);
        if ((filter[(x * 0x9e3779b1) >>> 22] & (1L << x)) != 0 && pending.get(x)) {
          hit(scan, v, e);
        }
      }
      end = first;
      if ((v & 0xFFFFF) == 0) {
        cx.progress(cx.n - v);
      }
    }
  }

  private void hit(int scan, int v, long e) {
    int x = g.target(e);
    if (x == v || !cx.reachable.test(v)) {
      return;
    }
    int at = (int) (e - g.firstEdge(v)); // a list holds at most one array's elements
    pending.clear(x);
    fresh--;
    int depth = WasteHolders.MAX_CLIMB;
    int k = Arrays.binarySearch(targets, x);
    if (k >= 0) {
      ref[k] = v;
      pos[k] = at;
      depth = 0;
    }
    int q = p.index(x);
    if (q >= 0) {
      p.ref.set(q, v);
      p.pos.set(q, at);
      depth = Math.min(depth, p.depth.get(q));
      if (k < 0 && p.scan.get(q) == scan) {
        addedPending--;
      }
    }
    if (depth < WasteHolders.MAX_CLIMB && cx.plumbing[cx.classOf.get(v)] && p.index(v) < 0) {
      int q2 = p.add(v, depth + 1, scan);
      int kv = Arrays.binarySearch(targets, v);
      if (kv >= 0) {
        // a target itself: already searched for; share what was found
        p.ref.set(q2, ref[kv]);
        p.pos.set(q2, pos[kv]);
      } else {
        mark(v);
        fresh++;
        addedPending++;
      }
    }
  }

  int lowestAdded(int scan) {
    int lowest = Integer.MAX_VALUE;
    for (int q = 0; q < p.id.size(); q++) {
      if (p.scan.get(q) == scan && pending.get(p.id.get(q))) {
        lowest = Math.min(lowest, p.id.get(q));
      }
    }
    return lowest;
  }

  /**
   * Plumbing objects met while climbing: id, referrer, edge position, depth and the scan that added
   * it, by insertion; an open-addressing table finds an object's entry.
   */
  static final class Plumbing {
    final IntList id = new IntList();
    final IntList ref = new IntList();
    final IntList pos = new IntList();
    final IntList depth = new IntList();
    final IntList scan = new IntList();
    private int[] keys = new int[64];
    private int[] slots = new int[64];
    private int size;

    Plumbing() {
      Arrays.fill(keys, -1);
    }

    /** Entry number of object {@code v}, or -1. */
    int index(int v) {
      int mask = keys.length - 1;
      for (int h = mix(v) & mask; keys[h] >= 0; h = (h + 1) & mask) {
        if (keys[h] == v) {
          return slots[h];
        }
      }
      return -1;
    }

    int add(int v, int d, int addedInScan) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int q = id.size();
      id.add(v);
      ref.add(-1);
      pos.add(0);
      depth.add(d);
      scan.add(addedInScan);
      put(v, q);
      size++;
      return q;
    }

    private void put(int v, int q) {
      int mask = keys.length - 1;
      int h = mix(v) & mask;
      while (keys[h] >= 0) {
        h = (h + 1) & mask;
      }
      keys[h] = v;
      slots[h] = q;
    }

    private void grow() {
      int[] oldKeys = keys;
      int[] oldSlots = slots;
      keys = new int[2 * oldKeys.length];
      slots = new int[keys.length];
      Arrays.fill(keys, -1);
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] >= 0) {
          put(oldKeys[i], oldSlots[i]);
        }
      }
    }

    private static int mix(int v) {
      int h = v * 0x9e3779b9;
      return h ^ (h >>> 16);
    }
  }
}
