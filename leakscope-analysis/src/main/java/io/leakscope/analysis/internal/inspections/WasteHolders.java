package io.leakscope.analysis.internal.inspections;

import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.HprofTag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The holder name of every target (duplicate String, wasteful collection): the field, static or GC
 * root that holds it, past any collection plumbing.
 *
 * <p>Design note. The referrers come from {@link ReferrerSearch}: up to {@value #MAX_SCANS} scans
 * of the forward graph, climbing at most {@value #MAX_CLIMB} plumbing levels. The holder is named
 * after the last link: {@code DeclaringClass.field}, {@code Class.field} for a static, or the array
 * class when an array held by a GC root is the end. A link's field is known without reading when
 * the referrer's class has as many reference fields as it has edges; otherwise the referrer is read
 * once (links are resolved in file order). Names are interned: targets share an index.
 *
 * <p>Memory, in bytes: per target 20 (id, referrer, link position, link 8) while the names are
 * made, then 8 (id, name index); per distinct link 12.
 */
final class WasteHolders {
  static final int MAX_CLIMB = 8;
  static final int MAX_SCANS = 4;
  static final String ROOT_HOLDER = "<GC root>";

  private final int[] targets;
  private final int[] nameOf;
  private final List<String> names;

  private WasteHolders(int[] targets, int[] nameOf, List<String> names) {
    this.targets = targets;
    this.nameOf = nameOf;
    this.names = names;
  }

  int nameIndex(int target) {
    return nameOf[Arrays.binarySearch(targets, target)];
  }

  /**
   * {@link #nameIndex} of each of {@code ids} (targets, in any order), by one sort rather than a
   * search per id.
   */
  int[] nameIndexes(int[] ids) {
    long[] packed = new long[ids.length];
    for (int j = 0; j < ids.length; j++) {
      packed[j] = ((long) ids[j] << 32) | j;
    }
    Arrays.sort(packed);
    int[] out = new int[ids.length];
    int k = 0;
    for (long p : packed) {
      int id = (int) (p >>> 32);
      while (targets[k] != id) {
        k++;
      }
      out[(int) p] = nameOf[k];
    }
    return out;
  }

  int nameCount() {
    return names.size();
  }

  String name(int nameIndex) {
    return names.get(nameIndex);
  }

  static WasteHolders find(InspectionContext cx, int[] targets) throws IOException {
    ReferrerSearch search = new ReferrerSearch(cx, targets);
    // objects below low were scanned after every hopeful mark was set (see ReferrerSearch)
    int low = 0;
    for (int scan = 0; scan < MAX_SCANS && search.hopeful > 0; scan++) {
      search.scan(scan, low);
      cx.step();
      // A mark set at v in this scan had its referrers below v (down to low) scanned after it.
      // After a full scan the next one need only look above the lowest such mark; after a
      // partial one, marks set in it still need the part below low: scan everything again.
      low = low == 0 && search.addedPending > 0 ? search.lowestAdded(scan) + 1 : 0;
      search.hopeful = search.addedPending;
    }
    return name(cx, targets, search.ref, search.pos, search.p);
  }

  /** Follows each target's plumbing to its last link and names the links in file order. */
  private static WasteHolders name(
      InspectionContext cx, int[] targets, int[] ref, int[] pos, ReferrerSearch.Plumbing p)
      throws IOException {
    long[] link = new long[targets.length];
    for (int k = 0; k < targets.length; k++) {
      int r = ref[k];
      int at = pos[k];
      for (int step = 0; r >= 0 && step <= MAX_CLIMB && cx.plumbing[cx.classOf.get(r)]; step++) {
        int q = p.index(r);
        if (q < 0 || p.ref.get(q) < 0) {
          break;
        }
        at = p.pos.get(q);
        r = p.ref.get(q);
      }
      link[k] = r < 0 ? -1 : ((long) r << 32) | at;
    }
    long[] distinct = link.clone();
    Arrays.sort(distinct);
    int d = 0;
    for (int i = 0; i < distinct.length; i++) {
      if (d == 0 || distinct[d - 1] != distinct[i]) {
        distinct[d++] = distinct[i];
      }
    }
    distinct = Arrays.copyOf(distinct, d);
    List<String> names = new ArrayList<>();
    Map<String, Integer> interned = new HashMap<>();
    int[] nameOfLink = new int[d];
    Map<Integer, int[]> offsets = new HashMap<>();
    for (int i = 0; i < d; i++) {
      String name =
          distinct[i] < 0
              ? ROOT_HOLDER
              : linkName(cx, (int) (distinct[i] >>> 32), (int) distinct[i], offsets);
      nameOfLink[i] =
          interned.computeIfAbsent(
              name,
              s -> {
                names.add(s);
                return names.size() - 1;
              });
    }
    int[] nameOf = new int[targets.length];
    for (int k = 0; k < targets.length; k++) {
      nameOf[k] = nameOfLink[Arrays.binarySearch(distinct, link[k])];
    }
    return new WasteHolders(targets, nameOf, names);
  }

  /** Name of the reference from {@code r} through its edge number {@code at}. */
  private static String linkName(
      InspectionContext cx, int r, int at, Map<Integer, int[]> offsetCache) throws IOException {
    HeapIndex index = cx.index;
    int child = cx.g.target(cx.g.firstEdge(r) + at);
    if (index.representedClass(r) != null) {
      String step = index.referenceName(r, index.referenceIndex(r, index.address(child)));
      return step.startsWith("static ") ? step.substring("static ".length()) : step;
    }
    HeapClass c = cx.classOfObject(r);
    if (c.isArray()) {
      return c.name();
    }
    int fields = c.referenceFieldCount();
    int edges = cx.edgeCount(r);
    if (fields == edges || fields == 1) {
      return c.referenceFieldName(fields == 1 ? 0 : at);
    }
    int[] offs = offsetCache.computeIfAbsent(c.index(), cx::referenceOffsets);
    int field = offs.length == fields ? nthNonNullField(cx, r, offs, at, edges) : -1;
    if (field < 0) {
      // references to objects missing from the dump were dropped: compare addresses instead
      return index.referenceName(r, index.referenceIndex(r, index.address(child)));
    }
    return c.referenceFieldName(field);
  }

  /**
   * Reads {@code r}'s reference fields; if exactly {@code edges} are non-null, they are its edges
   * in order and the field of edge {@code at} is returned, else -1.
   */
  private static int nthNonNullField(InspectionContext cx, int r, int[] offs, int at, int edges)
      throws IOException {
    DumpWindow w = cx.records;
    long offset = cx.index.offset(r);
    int i = w.at(offset, cx.instanceHeader);
    if (w.u1(i) != HprofTag.INSTANCE_DUMP) {
      return -1;
    }
    long length = w.u4(i + cx.instanceHeader - 4) & 0xffffffffL;
    int[] nonNull = new int[offs.length];
    int count = 0;
    for (int k = 0; k < offs.length && offs[k] + cx.idSize <= length; k++) {
      if (w.id(w.at(offset + cx.instanceHeader + offs[k], cx.idSize)) != 0) {
        nonNull[count++] = k;
      }
    }
    return count == edges && at < count ? nonNull[at] : -1;
  }
}
