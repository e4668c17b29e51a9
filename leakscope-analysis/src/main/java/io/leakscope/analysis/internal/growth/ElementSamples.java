package io.leakscope.analysis.internal.growth;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.DominatorTree.PreorderScan;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import io.leakscope.heap.internal.ContentHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tells a holder that keeps its elements from one whose elements are replaced, across dumps of the
 * same process: a sample of each accumulation's elements, by what identifies them, that a later
 * dump compares with its own.
 *
 * <p>Design note. Three dumps seconds apart cannot tell a slow leak from a window over time (a
 * session store swept of sessions idle for a minute, a cache with {@code expireAfterWrite}) by
 * sizes: the window grows too whenever the traffic does. Their elements tell them apart: a leak
 * still holds every element of the oldest dump, a window none of them. Objects move between dumps,
 * so an element is recognized by its contents: its <i>fingerprint</i> is a hash of the Strings,
 * boxed integers and {@code UUID}s it references directly (a session's id, a key's name), which a
 * program rarely changes once set, or of its own value when it is one of those (the {@code Long}
 * times a rate limiter keeps). Primitive fields are left out (timestamps of last access, counters),
 * and so are elements with nothing identifying: they have no fingerprint.
 *
 * <p>The sample is the {@value #SIZE} smallest distinct fingerprints (a bottom-k sketch): because
 * the same rule picks it in every dump, an older sample's fingerprint that is no larger than the
 * newer sample's largest is in the newer set exactly when it is in the newer sample. So the share
 * of the older elements still there is estimated from the two samples alone ({@link #survival}),
 * without either dump's elements at hand: a summary keeps {@value #SIZE} longs per suspect.
 *
 * <p>The same fingerprints, taken of the keys of the point's own map entries (objects with a {@code
 * key} field reached from the point through such entries and arrays only, not the entries of maps
 * inside it), tell a map that holds the same keys again and again: one whose key class compares
 * identity (no {@code equals} and {@code hashCode}), where every lookup adds an entry. Only their
 * counts are kept ({@link Sample#keys}, {@link Sample#distinctKeys}).
 *
 * <p>Cost: one scan of the dominator tree's preorder (read in order from its file) finds each
 * accumulation point's subtree, the run of objects after it, and labels the objects in it with a
 * byte each (the suspects' scratch array); outside the runs an object costs a look-up in a table of
 * the points, and the scan stops after the last run. Then, for each accumulation of at most {@value
 * #MAX_ELEMENTS} elements, each element's references (in id order: mostly sequential in the graph's
 * file) and the content hash of each String's array, read alone from the index's hash file ({@link
 * HeapIndex#contentHashAlone}), so that the 8 bytes per array of those hashes do not come into
 * memory before the inspections. Bigger accumulations get no sample: a window over time is rarely
 * that big, and a leak that big grows by more than a window's noise. No scan runs when no
 * accumulation qualifies. Memory: the element ids and their fingerprints, 12 bytes per element,
 * freed per accumulation.
 */
public final class ElementSamples {
  private ElementSamples() {}

  /** Fingerprints kept per accumulation. */
  static final int SIZE = 64;

  /** Accumulations with more elements than this get no sample. */
  static final int MAX_ELEMENTS = 50_000;

  /** Fewer fingerprints than this on either side (or answerable by the newer): no verdict. */
  static final int MIN_SAMPLE = 16;

  /** What an accumulation is: its point and the class of its elements. */
  public record Accumulation(int point, String accumulatedClass, long instances) {}

  /**
   * What was found of an accumulation's elements.
   *
   * @param prints its sample: ascending fingerprints, empty when there is none
   * @param keys how many keys of the point's own map entries had a fingerprint (0 when it has none,
   *     or they were not looked at)
   * @param distinctKeys how many distinct fingerprints those keys had
   * @param keyClass the class of those keys, or null
   */
  public record Sample(
      long[] prints,
      int keys,
      int distinctKeys,
      @org.jspecify.annotations.Nullable String keyClass) {
    static final Sample NONE = new Sample(new long[0], 0, 0, null);

    /**
     * Whether at least {@code min} keys were identified and at most one in {@code ratio} of them
     * differ: one map holding the same keys again and again, which a map whose keys compare by
     * their contents never does.
     */
    public boolean keysRepeat(int min, int ratio) {
      return keys >= min && (long) distinctKeys * ratio <= keys;
    }
  }

  /**
   * The sample of each accumulation, in the same order: ascending fingerprints, empty when it has
   * too many elements, fewer than {@link #MIN_SAMPLE} identifiable ones, or more than 254
   * accumulations come before it.
   *
   * @param scratch a byte per object, overwritten
   * @param prints whether to sample the elements (a comparison of dumps reads them); the keys of
   *     the points' own map entries are counted either way
   */
  public static List<Sample> sample(
      HeapIndex index,
      DominatorTree tree,
      List<Accumulation> accumulations,
      byte[] scratch,
      boolean prints)
      throws IOException {
    List<Sample> out = new ArrayList<>();
    int n = Math.min(accumulations.size(), 254);
    boolean[][] classes = new boolean[n][];
    boolean any = false;
    for (int k = 0; k < n; k++) {
      Accumulation a = accumulations.get(k);
      if (a.instances() >= MIN_SAMPLE && a.instances() <= MAX_ELEMENTS) {
        classes[k] = classesNamed(index, a.accumulatedClass());
        any |= classes[k] != null;
      }
    }
    if (!any) {
      for (int k = 0; k < accumulations.size(); k++) {
        out.add(Sample.NONE);
      }
      return out;
    }
    Found found = elements(index, tree, accumulations, classes, scratch);
    Fingerprints fingerprints = new Fingerprints(index);
    for (int k = 0; k < accumulations.size(); k++) {
      int[] ids = k < n ? found.elements[k] : null;
      if (ids == null) {
        out.add(Sample.NONE);
        continue;
      }
      long[] sample = prints ? fingerprints.sample(ids) : new long[0];
      int[] keys = fingerprints.keyCounts(found.entries[k]);
      out.add(
          new Sample(
              sample, keys[0], keys[1], keys[2] < 0 ? null : index.heapClass(keys[2]).name()));
    }
    return out;
  }

  /** Which classes are named {@code name} (one per class loader), or null if none is. */
  private static boolean[] classesNamed(HeapIndex index, String name) {
    boolean[] out = null;
    for (int c = 0; c < index.classCount(); c++) {
      if (index.heapClass(c).name().equals(name) && !index.heapClass(c).isArray()) {
        if (out == null) {
          out = new boolean[index.classCount()];
        }
        out[c] = true;
      }
    }
    return out;
  }

  /**
   * The elements of each accumulation with a class to look for: the objects of its class that its
   * point dominates (not through another accumulation's point), sorted by id; null where there are
   * more than {@link #MAX_ELEMENTS}. One scan of the tree's preorder, in which each point's subtree
   * is the run of objects right after it: outside those runs an object costs a look-up in a small
   * table of the points; inside, it takes its immediate dominator's label (a parent comes before
   * its children), and the first object whose immediate dominator has no label ends the run. The
   * scan stops once every point's run has ended.
   */
  static Found elements(
      HeapIndex index,
      DominatorTree tree,
      List<Accumulation> accumulations,
      boolean[][] classes,
      byte[] scratch) {
    boolean[] entryClass = entryClasses(index);
    java.util.BitSet own = new java.util.BitSet(); // map entries and tables of a point's own map
    int[][] entries = new int[classes.length][];
    int[] entryCounts = new int[classes.length];
    Arrays.fill(scratch, (byte) 0);
    int n = classes.length;
    int[] points = new int[512]; // open addressing, -1 empty; at most 254 points
    Arrays.fill(points, -1);
    int pending = 0;
    for (int k = 0; k < n; k++) {
      if (classes[k] != null) {
        int p = accumulations.get(k).point();
        if (scratch[p] == 0) {
          pending++;
          points[slot(points, p)] = p;
        }
        scratch[p] = (byte) (k + 1);
      }
    }
    int[][] found = new int[n][];
    int[] counts = new int[n];
    for (int k = 0; k < n; k++) {
      if (classes[k] != null) {
        found[k] = new int[(int) Math.min(accumulations.get(k).instances() + 16, MAX_ELEMENTS)];
      }
    }
    boolean inside = false;
    for (PreorderScan scan = tree.preorder(); scan.hasNext() && (inside || pending > 0); ) {
      int v = scan.next();
      int label;
      if (points[slot(points, v)] == v) {
        pending--;
        inside = true;
        label = scratch[v] & 0xff;
      } else if (!inside) {
        continue;
      } else {
        int d = tree.immediateDominator(v);
        label = d < 0 ? 0 : scratch[d] & 0xff;
        if (label == 0) {
          inside = false; // past the last run that was open: subtrees are contiguous
          continue;
        }
        scratch[v] = (byte) label;
      }
      int k = label - 1;
      int cls = index.classOf(v);
      if (found[k] != null
          && v != accumulations.get(k).point()
          && (entryClass[cls] || index.heapClass(cls).isArray())) {
        int d = tree.immediateDominator(v);
        if (d == accumulations.get(k).point() || (d >= 0 && own.get(d))) {
          own.set(v); // an entry of the point's own map, or its table, not of a map inside
          if (entryClass[cls] && entryCounts[k] < MAX_ELEMENTS) {
            if (entries[k] == null) {
              entries[k] = new int[1024];
            } else if (entryCounts[k] == entries[k].length) {
              entries[k] = Arrays.copyOf(entries[k], 2 * entries[k].length);
            }
            entries[k][entryCounts[k]++] = v;
          }
        }
      }
      if (found[k] == null || !classes[k][cls]) {
        continue;
      }
      if (counts[k] == found[k].length) {
        if (counts[k] == MAX_ELEMENTS) {
          found[k] = null; // too many: no sample
          continue;
        }
        found[k] = Arrays.copyOf(found[k], Math.min(MAX_ELEMENTS, 2 * counts[k]));
      }
      found[k][counts[k]++] = v;
    }
    for (int k = 0; k < n; k++) {
      if (found[k] != null) {
        found[k] = Arrays.copyOf(found[k], counts[k]);
        Arrays.sort(found[k]);
      }
      entries[k] = entries[k] == null ? new int[0] : Arrays.copyOf(entries[k], entryCounts[k]);
      Arrays.sort(entries[k]);
    }
    return new Found(found, entries);
  }

  /**
   * What {@link #elements} finds for each accumulation: its elements (null when too many), and the
   * entries of the point's own map (objects with a {@code key} field reached from the point through
   * such entries and arrays only), sorted by id.
   */
  record Found(int[][] elements, int[][] entries) {}

  /** Classes whose instances are map entries: a reference field named {@code key}, up the chain. */
  private static boolean[] entryClasses(HeapIndex index) {
    boolean[] out = new boolean[index.classCount()];
    for (int c = 0; c < out.length; c++) {
      for (int k = c; k >= 0 && !out[c]; k = index.heapClass(k).superIndex()) {
        io.leakscope.heap.HeapClass h = index.heapClass(k);
        String[] names = h.fieldNames();
        byte[] types = h.fieldTypes();
        for (int i = 0; i < names.length; i++) {
          if (names[i].equals("key") && types[i] == io.leakscope.hprof.HprofTag.TYPE_OBJECT) {
            out[c] = true;
          }
        }
      }
    }
    return out;
  }

  /**
   * The slot of {@code id} in an open-addressing table of ids (-1 empty): its own, or an empty one.
   */
  private static int slot(int[] table, int id) {
    int mask = table.length - 1;
    int i = (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    while (table[i] != -1 && table[i] != id) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Fingerprints of elements, from what they reference directly. */
  private static final class Fingerprints {
    private static final byte NONE = 0;
    private static final byte STRING = 1;
    private static final byte BOXED = 2;
    private static final byte UUID = 3;

    private final HeapIndex index;
    private final ReferenceGraph graph;
    private final byte[] kinds;

    Fingerprints(HeapIndex index) throws IOException {
      this.index = index;
      this.graph = index.graph();
      this.kinds = new byte[index.classCount()];
      for (int c = 0; c < kinds.length; c++) {
        kinds[c] =
            switch (index.heapClass(c).name()) {
              case "java.lang.String" -> STRING;
              case "java.lang.Long",
                  "java.lang.Integer",
                  "java.lang.Short",
                  "java.lang.Character",
                  "java.lang.Byte" ->
                  BOXED;
              case "java.util.UUID" -> UUID;
              default -> NONE;
            };
      }
      this.redacted = redacted(index);
    }

    /**
     * Whether the dump's Strings are zeroed ({@code leakscope redact}): then nothing identifies.
     */
    private final boolean redacted;

    /** Strings looked at to tell a redacted dump. */
    private static final int STRINGS_LOOKED_AT = 200;

    /**
     * Whether the dump was redacted: of the first {@value #STRINGS_LOOKED_AT} non-empty Strings in
     * it, nine in ten or more hold only zeros. A redacted dump keeps every String's length and
     * zeroes its characters, so Strings of one length all look alike there: keys and elements would
     * read as repeated, or as the same in two dumps, by their lengths alone.
     */
    private boolean redacted(HeapIndex index) throws IOException {
      int looked = 0;
      int zeros = 0;
      for (int v = 0; v < index.objectCount() && looked < STRINGS_LOOKED_AT; v++) {
        if (kinds[index.classOf(v)] != STRING) {
          continue;
        }
        String text = index.readString(v, 16);
        if (text == null || text.isEmpty()) {
          continue;
        }
        looked++;
        if (text.chars().allMatch(ch -> ch == 0)) {
          zeros++;
        }
      }
      return looked > 0 && zeros * 10 >= looked * 9;
    }

    /** The {@link #SIZE} smallest distinct fingerprints of {@code ids}, or none if too few. */
    long[] sample(int[] ids) throws IOException {
      long[] prints = new long[ids.length];
      int m = 0;
      for (int x : ids) {
        long p = fingerprint(x);
        if (p != 0) {
          prints[m++] = p;
        }
      }
      Arrays.sort(prints, 0, m);
      long[] out = new long[SIZE];
      int kept = 0;
      for (int i = 0; i < m && kept < SIZE; i++) {
        if (kept == 0 || prints[i] != out[kept - 1]) {
          out[kept++] = prints[i];
        }
      }
      return kept < MIN_SAMPLE ? new long[0] : Arrays.copyOf(out, kept);
    }

    /**
     * How many of {@code entries}' keys have a fingerprint, how many distinct ones, and the class
     * of the first (-1 if none).
     */
    int[] keyCounts(int[] entries) throws IOException {
      long[] prints = new long[entries.length];
      int m = 0;
      int keyClass = -1;
      for (int e : entries) {
        Long address = index.findReferenceField(e, "key");
        int key = address == null || address == 0 ? -1 : index.referencedObjectAt(e, address);
        long p = key < 0 ? 0 : fingerprint(key);
        if (p != 0) {
          prints[m++] = p;
          keyClass = keyClass < 0 ? index.classOf(key) : keyClass;
        }
      }
      if (keyClass >= 0 && kinds[keyClass] != NONE) {
        // Strings, numbers and UUIDs compare by their contents: a map holds each once, and keys
        // that look alike differ where the fingerprint does not look (a hash's collision)
        return new int[] {0, 0, -1};
      }
      Arrays.sort(prints, 0, m);
      int distinct = 0;
      for (int i = 0; i < m; i++) {
        if (i == 0 || prints[i] != prints[i - 1]) {
          distinct++;
        }
      }
      return new int[] {m, distinct, keyClass};
    }

    /** A positive hash of what {@code x} references that identifies it, or 0 if nothing does. */
    long fingerprint(int x) throws IOException {
      if (redacted) {
        return 0;
      }
      long itself = identity(x);
      if (itself != 0) {
        return positive(itself); // the elements are Strings, numbers or UUIDs themselves
      }
      long h = 0x9E3779B97F4A7C15L;
      int parts = 0;
      for (long e = graph.firstEdge(x), end = graph.endEdge(x); e < end; e++) {
        int y = graph.target(e);
        if (y < 0 || y == x) {
          continue;
        }
        long part = identity(y);
        if (part != 0) {
          h = ContentHash.fmix(h ^ part) + parts;
          parts++;
        }
      }
      return parts == 0 ? 0 : positive(h);
    }

    /** What a String, boxed integer or UUID holds, hashed; 0 for other objects. */
    private long identity(int y) throws IOException {
      return switch (kinds[index.classOf(y)]) {
        case STRING -> stringHash(y);
        case BOXED -> field(y, "value") * 31 + index.classOf(y);
        case UUID -> field(y, "mostSigBits") * 31 + field(y, "leastSigBits");
        default -> 0;
      };
    }

    /** The content hash of a String's array, or a constant for a String without one. */
    private long stringHash(int s) throws IOException {
      for (long e = graph.firstEdge(s), end = graph.endEdge(s); e < end; e++) {
        int value = graph.target(e);
        if (value >= 0 && index.heapClass(index.classOf(value)).isPrimitiveArray()) {
          return index.contentHashAlone(value);
        }
      }
      return 0x5bd1e995L; // "" shares one array, which the graph may leave out
    }

    private long field(int id, String name) throws IOException {
      Long bits = index.findPrimitiveField(id, name);
      return bits == null ? 0 : bits + 1;
    }

    private static long positive(long h) {
      long p = ContentHash.fmix(h) >>> 1;
      return p == 0 ? 1 : p;
    }
  }

  /**
   * The sample of the union of disjoint sets from their samples: the {@link #SIZE} smallest of all
   * their fingerprints. Empty when one of them has none (its elements are not all accounted for).
   */
  public static List<Long> merge(List<long[]> samples) {
    if (samples.isEmpty()) {
      return List.of();
    }
    java.util.TreeSet<Long> all = new java.util.TreeSet<>();
    for (long[] s : samples) {
      if (s.length == 0) {
        return List.of();
      }
      for (long p : s) {
        all.add(p);
      }
    }
    List<Long> out = new ArrayList<>(SIZE);
    for (long p : all) {
      if (out.size() == SIZE) {
        break;
      }
      out.add(p);
    }
    return out;
  }

  /**
   * The share of the older sample's elements that the newer dump still holds, estimated from the
   * two samples: of the older fingerprints no larger than the newer sample's largest (all of them
   * when the newer sample is the newer set whole), those in the newer sample. NaN when either
   * sample has fewer than {@link #MIN_SAMPLE} fingerprints, or fewer than that can be answered for.
   */
  public static double survival(List<Long> older, List<Long> newer) {
    if (older.size() < MIN_SAMPLE || newer.size() < MIN_SAMPLE) {
      return Double.NaN;
    }
    long bound = newer.size() < SIZE ? Long.MAX_VALUE : newer.get(newer.size() - 1);
    java.util.Set<Long> now = new java.util.HashSet<>(newer);
    int asked = 0;
    int there = 0;
    for (long p : older) {
      if (p <= bound) {
        asked++;
        if (now.contains(p)) {
          there++;
        }
      }
    }
    return asked < MIN_SAMPLE ? Double.NaN : (double) there / asked;
  }
}
