package io.leakscope.analysis.internal.inspections;

import io.leakscope.analysis.report.Inspection;
import io.leakscope.analysis.report.InspectionHolder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Duplicate strings: reachable Strings whose text another reachable String has too, grouped by
 * text, each group charged for all but one copy.
 *
 * <p>Design note. One pass in id order takes each reachable {@code String} and keys it by its value
 * array's content hash and its coder, both made while the index was built ({@link
 * io.leakscope.heap.HeapIndex#contentHash}, {@link io.leakscope.heap.HeapIndex#isUtf16String}), so
 * the pass reads nothing from the dump (only a value array longer than 4 KB is hashed from the dump
 * here). The key mixes the hash with the coder through a bijection, so equal bytes under different
 * coders never share a key. Keys that repeat are found without sorting them all: a bit set of 8
 * buckets per String marks buckets hit twice, and only the keys in those (about an eighth of unique
 * ones) are sorted. Strings with a repeated key form runs; within a run they are ordered by value
 * array, so a shared array is charged once: a run of {@code k} Strings over {@code m} distinct
 * arrays wastes {@code (k-1)} Strings and {@code (m-1)} arrays. The runs shown as examples are
 * confirmed by comparing their arrays' bytes; a run that turns out to mix contents (a hash
 * collision) is split into its true groups, and the holders are summed again, before anything is
 * reported. Runs that are not shown rest on the 64-bit hash: with {@code S} Strings a false pair
 * has probability about {@code S²/2⁶⁵} (10⁻⁶ for five million).
 *
 * <p>The pass touches no read window, so it runs beside {@link CollectionWaste} on another thread
 * ({@link Inspections}); it reports no progress of its own.
 *
 * <p>Memory, in bytes: per String in the dump 12 (id 4, key 8) and 2 for the two bucket bit sets
 * while keys are made, beside the index's content hashes (8 per {@code byte[]} and {@code char[]}),
 * which are dropped once the keys are made; then per candidate key 16, per duplicate String 8 (id,
 * value array; each one's charge is computed again when needed rather than kept, which saved 8) and
 * per run 13 (start, waste, verified); while holders are summed, 4 more per duplicate String.
 */
final class DuplicateStrings {
  static final int EXAMPLE_CHARS = 60;

  private static final long CODER_SALT = 0x9e3779b97f4a7c15L;

  private final InspectionContext cx;

  /** Strings of the duplicate runs, run after run, each run ordered by value array then id. */
  private int[] members;

  /** The value array of each of {@link #members}. */
  private int[] arrays;

  /** Run r is {@code members[starts[r] .. starts[r+1])}. */
  private int[] starts;

  private long[] runWaste;
  private boolean[] verified;

  private DuplicateStrings(InspectionContext cx) {
    this.cx = cx;
  }

  static DuplicateStrings find(InspectionContext cx, long hashMask) throws IOException {
    DuplicateStrings d = new DuplicateStrings(cx);
    long upper = 0;
    for (int c = 0; c < cx.string.length; c++) {
      upper += cx.string[c] ? cx.index.instanceCount(c) : 0;
    }
    int[] ids = new int[Math.toIntExact(upper)];
    long[] keys = new long[ids.length];
    // a key can repeat only if its bucket (8 per String) is hit twice: only those are sorted
    int bits = Integer.highestOneBit((int) Math.max(64, Math.min(1 << 30, 8 * upper)));
    int shift = 64 - Integer.numberOfTrailingZeros(bits);
    Bits once = new Bits(bits);
    Bits twice = new Bits(bits);
    int count = 0;
    for (int v = 0; v < cx.n; v++) {
      int c = cx.classOf.get(v);
      if (!cx.string[c] || !cx.reachable.test(v)) {
        continue;
      }
      int a = StringValueArrays.valueArray(cx, v);
      if (a < 0) {
        continue;
      }
      // the coder is part of the text: equal bytes under another coder are another text
      long key =
          (cx.index.contentHash(a) & hashMask) ^ (cx.index.isUtf16String(v) ? CODER_SALT : 0);
      ids[count] = v;
      keys[count++] = key;
      int b = (int) (key >>> shift);
      if (once.get(b)) {
        twice.set(b);
      } else {
        once.set(b);
      }
    }
    once = null;
    // nothing else asks for the hashes: the rest of the inspections is done without their 8 bytes
    // per byte[] and char[] (a later question reads the array from the dump)
    cx.index.dropContentHashes();
    d.collectRuns(keys, ids, count, twice, shift);
    return d;
  }

  /**
   * Keeps the Strings whose key occurs twice or more, grouped into runs by key, each run ordered by
   * value array. The keys that repeat are found by sorting a copy of the keys; the Strings are then
   * placed into their runs by counting, so no (key, id) pairs are sorted.
   */
  private void collectRuns(long[] keys, int[] ids, int count, Bits twice, int shift) {
    IntList candidates = new IntList();
    for (int i = 0; i < count; i++) {
      if (twice.get((int) (keys[i] >>> shift))) {
        candidates.add(i);
      }
    }
    long[] sorted = new long[candidates.size()];
    for (int c = 0; c < sorted.length; c++) {
      sorted[c] = keys[candidates.get(c)];
    }
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i + 1 < sorted.length; i++) {
      if (sorted[i + 1] == sorted[i] && (distinct == 0 || sorted[distinct - 1] != sorted[i])) {
        sorted[distinct++] = sorted[i];
      }
    }
    long[] repeated = Arrays.copyOf(sorted, distinct);
    sorted = null;
    starts = new int[distinct + 1];
    int[] runOf = new int[candidates.size()];
    for (int c = 0; c < runOf.length; c++) {
      runOf[c] = Arrays.binarySearch(repeated, keys[candidates.get(c)]);
      if (runOf[c] >= 0) {
        starts[runOf[c] + 1]++;
      }
    }
    for (int r = 0; r < distinct; r++) {
      starts[r + 1] += starts[r];
    }
    members = new int[starts[distinct]];
    int[] fill = Arrays.copyOf(starts, distinct);
    for (int c = 0; c < runOf.length; c++) {
      if (runOf[c] >= 0) {
        members[fill[runOf[c]]++] = ids[candidates.get(c)];
      }
    }
    arrays = new int[members.length];
    for (int r = 0; r < distinct; r++) {
      orderByValueArray(starts[r], starts[r + 1]);
    }
    verified = new boolean[distinct];
    computeRunWaste();
  }

  private void orderByValueArray(int from, int to) {
    long[] packed = new long[to - from];
    for (int j = from; j < to; j++) {
      packed[j - from] = ((long) StringValueArrays.valueArray(cx, members[j]) << 32) | members[j];
    }
    Arrays.sort(packed);
    for (int j = from; j < to; j++) {
      members[j] = (int) packed[j - from];
      arrays[j] = (int) (packed[j - from] >>> 32);
    }
  }

  /**
   * Each run's waste, once: the holder sums reuse it. Each member's charge is not kept (8 bytes per
   * duplicate String): it is two size lookups, made again when the holders are summed.
   */
  private void computeRunWaste() {
    runWaste = new long[starts.length - 1];
    for (int r = 0; r < runWaste.length; r++) {
      for (int j = starts[r]; j < starts[r + 1]; j++) {
        runWaste[r] += charge(r, j);
      }
    }
  }

  /**
   * What member {@code j} of run {@code r} wastes: nothing for the first; the String for the
   * others, and its array unless the previous member (same order) shares it.
   */
  private long charge(int r, int j) {
    if (j == starts[r]) {
      return 0;
    }
    long c = cx.index.shallowSize(members[j]);
    if (arrays[j] != arrays[j - 1]) {
      c += cx.index.shallowSize(arrays[j]);
    }
    return c;
  }

  int[] members() {
    int[] sorted = members.clone();
    Arrays.sort(sorted);
    return sorted;
  }

  Inspection inspection(WasteHolders holders) throws IOException {
    for (int attempt = 0; ; attempt++) {
      int[] holderOf = holders.nameIndexes(members);
      HolderTotals[] totals = new HolderTotals[holders.nameCount()];
      for (int r = 0; r < runWaste.length; r++) {
        for (int j = starts[r]; j < starts[r + 1]; j++) {
          HolderTotals t = totals[holderOf[j]];
          if (t == null) {
            t = totals[holderOf[j]] = new HolderTotals();
          }
          t.objects++;
          t.wasted += charge(r, j);
          if (t.best < 0 || runWaste[r] > t.bestRank) {
            t.best = r;
            t.bestRank = runWaste[r];
          }
        }
      }
      Map<Integer, HolderTotals> byHolder = new HashMap<>();
      for (int h = 0; h < totals.length; h++) {
        if (totals[h] != null) {
          byHolder.put(h, totals[h]);
        }
      }
      List<Map.Entry<Integer, HolderTotals>> top = HolderTotals.top(byHolder, 0, holders);
      boolean split = false;
      for (Map.Entry<Integer, HolderTotals> e : top) {
        split |= verify(e.getValue().best);
      }
      if (split && attempt < 100) {
        continue; // a hash collision was split: holders and examples may change
      }
      List<InspectionHolder> out = new ArrayList<>();
      for (Map.Entry<Integer, HolderTotals> e : top) {
        HolderTotals t = e.getValue();
        String text = cx.index.readString(members[starts[t.best]], EXAMPLE_CHARS + 1);
        out.add(new InspectionHolder(holders.name(e.getKey()), t.objects, t.wasted, example(text)));
      }
      long wasted = Arrays.stream(runWaste).sum();
      int runs = runWaste.length;
      String title =
          String.format(
              Locale.ROOT,
              "%,d duplicate strings, copies of %,d texts, waste %s",
              members.length,
              runs,
              Inspections.bytes(wasted));
      return new Inspection("duplicate-strings", title, members.length, wasted, out);
    }
  }

  /**
   * Compares the bytes of run {@code r}'s value arrays. A run of one content is marked verified; a
   * mixed run is replaced by its true groups (those of two or more). Returns whether it split.
   */
  private boolean verify(int r) throws IOException {
    if (verified[r]) {
      return false;
    }
    Map<String, IntList> groups = new LinkedHashMap<>();
    String previousContent = null;
    int previousArray = -1;
    for (int j = starts[r]; j < starts[r + 1]; j++) {
      int a = arrays[j];
      if (a != previousArray) {
        previousContent = StringValueArrays.content(cx, a);
        previousArray = a;
      }
      groups.computeIfAbsent(previousContent, c -> new IntList()).add(members[j]);
    }
    if (groups.size() == 1) {
      verified[r] = true;
      return false;
    }
    IntList newMembers = new IntList();
    IntList newStarts = new IntList();
    List<Boolean> newVerified = new ArrayList<>();
    for (int k = 0; k < verified.length; k++) {
      if (k != r) {
        newStarts.add(newMembers.size());
        newVerified.add(verified[k]);
        for (int j = starts[k]; j < starts[k + 1]; j++) {
          newMembers.add(members[j]);
        }
        continue;
      }
      for (IntList group : groups.values()) {
        if (group.size() >= 2) {
          newStarts.add(newMembers.size());
          newVerified.add(true);
          for (int i = 0; i < group.size(); i++) {
            newMembers.add(group.get(i));
          }
        }
      }
    }
    newStarts.add(newMembers.size());
    members = newMembers.toArray();
    starts = newStarts.toArray();
    arrays = new int[members.length];
    for (int k = 0; k + 1 < starts.length; k++) {
      orderByValueArray(starts[k], starts[k + 1]);
    }
    verified = new boolean[newVerified.size()];
    for (int k = 0; k < verified.length; k++) {
      verified[k] = newVerified.get(k);
    }
    computeRunWaste();
    return true;
  }

  /** The text, cut to {@link #EXAMPLE_CHARS} with an ellipsis, control characters escaped. */
  static String example(String text) {
    if (text == null) {
      return null;
    }
    boolean cut = text.length() > EXAMPLE_CHARS;
    String t = cut ? text.substring(0, EXAMPLE_CHARS) : text;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return cut ? b + "…" : b.toString();
  }
}
