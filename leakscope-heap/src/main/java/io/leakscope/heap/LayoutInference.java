package io.leakscope.heap;

import io.leakscope.heap.internal.AddressIndex;
import io.leakscope.heap.internal.FieldLayout;
import io.leakscope.hprof.HprofTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Infers the {@link ObjectLayout} of the dumped JVM from object addresses, and fixes instance sizes
 * and reference-field offsets of every class.
 *
 * <p>Design note. HPROF records neither the header size nor compressed oops nor alignment, but live
 * objects after a full GC are packed: an object's size can never exceed the distance to the next
 * object's address. For each candidate layout we check that bound on a sample of up to 300,000
 * neighbouring pairs (class objects excluded: their size depends on VM data), and keep the
 * candidate with the best score: exact fits minus four times the violations. Cost: O(sample ×
 * candidates).
 *
 * <p>HotSpot injects a few fields that the dump does not list (e.g. {@code
 * ClassLoader.loader_data}); they are added from a table so that sizes equal what {@code jcmd
 * GC.class_histogram} reports.
 */
final class LayoutInference {
  private LayoutInference() {}

  private static final int SAMPLE = 300_000;

  /**
   * Fields HotSpot injects into some JDK classes without listing them in the dump: class name →
   * field name → size in bytes (0 for a reference). A field the dump does list is not added again
   * ({@code ResolvedMethodName.vmholder} is injected on JDK 17 but a declared field on JDK 25).
   */
  private static final Map<String, Map<String, Integer>> INJECTED =
      Map.of(
          "java.lang.ClassLoader", Map.of("loader_data", 8),
          "java.lang.invoke.MemberName", Map.of("vmindex", 8),
          "java.lang.invoke.ResolvedMethodName", Map.of("vmtarget", 8, "vmholder", 0),
          "java.lang.invoke.MethodHandleNatives$CallSiteContext",
              Map.of("vmdependencies", 8, "last_cleanup", 8),
          "java.lang.Module", Map.of("module_entry", 8),
          "java.lang.StackFrameInfo", Map.of("version", 2),
          "java.lang.InternalError", Map.of("during_unsafe_access", 1));

  /**
   * Fields injected only by newer JDKs, recognised by a field the class declares there: class name
   * → (declared field that marks the newer JDK, injected fields). JDK 19+ {@code Thread} (which
   * declares {@code holder}) carries JVMTI and JFR state.
   */
  private static final Map<String, Map.Entry<String, Map<String, Integer>>> INJECTED_IF =
      Map.of(
          "java.lang.Thread",
          Map.entry(
              "holder",
              Map.of(
                  "jvmti_thread_state", 8,
                  "jvmti_VTMS_transition_disable_count", 4,
                  "jvmti_is_in_VTMS_transition", 1,
                  "jfr_epoch", 2)));

  /**
   * JDK classes with {@code @Contended} fields or a class-level {@code @Contended}: class name →
   * the contended field group ({@code "*"} first for a class-level annotation). Which JDK pads
   * which class differs (JDK 17 pads {@code Thread}'s random-seed fields, JDK 25 does not), and the
   * dump does not say which JDK wrote it, so {@link #chooseContended} decides per class from the
   * address gaps of its instances.
   */
  private static final Map<String, List<String>> CONTENDED =
      Map.of(
          "java.lang.Thread",
          List.of(
              "threadLocalRandomSeed", "threadLocalRandomProbe", "threadLocalRandomSecondarySeed"),
          "java.util.concurrent.ForkJoinPool",
          List.of("ctl", "parallelism"),
          "java.util.concurrent.ForkJoinPool$WorkQueue",
          List.of("top", "phase", "stackPred", "source", "nsteals", "parking"),
          "java.util.concurrent.SubmissionPublisher$BufferedSubscription",
          List.of("*", "demand", "waiting"),
          "java.util.concurrent.ConcurrentHashMap$CounterCell",
          List.of("*"),
          "java.util.concurrent.atomic.Striped64$Cell",
          List.of("*"),
          "java.util.concurrent.Exchanger$Node",
          List.of("*"),
          "java.util.concurrent.Exchanger$Slot",
          List.of("*"));

  /** HotSpot's default {@code -XX:ContendedPaddingWidth}. */
  private static final int CONTENDED_PADDING = 128;

  static List<ObjectLayout> candidates(int idSize) {
    List<ObjectLayout> c = new ArrayList<>();
    if (idSize == 4) {
      c.add(new ObjectLayout(8, 4, 8, true)); // 32-bit: int[] elements start right after the length
      return c;
    }
    c.add(ObjectLayout.HOTSPOT_64_COMPRESSED);
    c.add(new ObjectLayout(16, 8, 8, false));
    c.add(new ObjectLayout(16, 8, 8, true));
    c.add(new ObjectLayout(16, 4, 8, false));
    c.add(new ObjectLayout(16, 4, 8, true));
    c.add(new ObjectLayout(12, 8, 8, false));
    c.add(new ObjectLayout(8, 4, 8, true));
    c.add(new ObjectLayout(8, 8, 8, true));
    c.add(new ObjectLayout(12, 4, 16, false));
    c.add(new ObjectLayout(16, 8, 16, false));
    return c;
  }

  /**
   * System property that overrides inference: {@code header,reference,alignment,elementAligned},
   * e.g. {@code -Dleakscope.layout=12,4,8,false}.
   */
  static final String OVERRIDE = "leakscope.layout";

  /**
   * The objects whose gap to the next address {@link #infer} compares with their size: evenly
   * spread over the address order, at most {@value #SAMPLE}; their array lengths are what it needs
   * of the lengths (the caller reads those alone, not a column of every object's).
   */
  static int[] sampledIds(AddressIndex index) {
    int n = index.size();
    if (n < 2) {
      return new int[0];
    }
    int stride = stride(n);
    int[] ids = new int[(n - 2) / stride + 1];
    for (int j = 0; j < ids.length; j++) {
      ids[j] = index.idAtRank(j * stride); // at most n - 2: no overflow near 2^31 objects
    }
    return ids;
  }

  private static int stride(int n) {
    int pairs = Math.min(SAMPLE, n - 1);
    return Math.max(1, (n - 1) / pairs);
  }

  /**
   * The layout whose sizes fit the gaps between neighbouring addresses best.
   *
   * @param cls the class index of an object by id
   * @param sampledLengths the array length (or a negative number) of each of {@link #sampledIds},
   *     in that order
   */
  static ObjectLayout infer(
      AddressIndex index,
      IntUnaryOperator cls,
      int[] sampledLengths,
      HeapClass[] classes,
      int idSize,
      int javaLangClass) {
    String forced = System.getProperty(OVERRIDE);
    if (forced != null) {
      String[] p = forced.split(",");
      try {
        ObjectLayout l =
            new ObjectLayout(
                Integer.parseInt(p[0].trim()),
                Integer.parseInt(p[1].trim()),
                Integer.parseInt(p[2].trim()),
                Boolean.parseBoolean(p[3].trim()));
        if (l.alignment() < 8
            || Integer.bitCount(l.alignment()) != 1
            || (l.referenceBytes() != 4 && l.referenceBytes() != 8)
            || l.headerBytes() < 8) {
          throw new IllegalArgumentException("out of range");
        }
        return l;
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            OVERRIDE
                + ": \""
                + forced
                + "\" (expected: header,reference,alignment,elementAligned"
                + " such as 12,4,8,false)");
      }
    }
    List<ObjectLayout> candidates = candidates(idSize);
    int n = index.size();
    if (n < 2 || candidates.size() == 1) {
      return candidates.get(0);
    }
    // each sample's class, gap and length looked up once (random reads into the index and the
    // class column), then every candidate scored from these arrays in order
    int stride = stride(n);
    int[] sampleClass = new int[sampledLengths.length];
    long[] sampleGap = new long[sampledLengths.length];
    int[] sampleLength = new int[sampledLengths.length];
    int m = 0;
    for (int j = 0; j < sampledLengths.length; j++) {
      int k = j * stride;
      int ci = cls.applyAsInt(index.idAtRank(k));
      if (ci == javaLangClass) {
        continue; // class objects: their size depends on VM data the dump does not show
      }
      long gap = index.addressAtRank(k + 1) - index.addressAtRank(k);
      if (gap <= 0) {
        continue;
      }
      sampleClass[m] = ci;
      sampleGap[m] = gap;
      sampleLength[m++] = sampledLengths[j];
    }
    ObjectLayout best = candidates.get(0);
    long bestScore = Long.MIN_VALUE;
    for (ObjectLayout layout : candidates) {
      int[] sizes = instanceSizes(layout, classes);
      long violations = 0;
      long exact = 0;
      for (int j = 0; j < m; j++) {
        HeapClass c = classes[sampleClass[j]];
        long gap = sampleGap[j];
        int length = sampleLength[j];
        long size =
            length >= 0 ? layout.arraySize(elementBytes(layout, c), length) : sizes[c.index];
        if (size > gap) {
          violations++;
        } else if (size == gap) {
          exact++;
        }
      }
      // a wrong layout that makes objects smaller never violates the bound but rarely fits
      // exactly; one mis-modelled class must not outweigh thousands of exact fits
      long score = exact - 4 * violations;
      if (score > bestScore) {
        best = layout;
        bestScore = score;
      }
    }
    return best;
  }

  static int elementBytes(ObjectLayout layout, HeapClass c) {
    return c.isPrimitiveArray() ? HprofTag.valueSize(c.elementType, 8) : layout.referenceBytes();
  }

  /** Instance sizes of all classes under {@code layout}, by class index. */
  static int[] instanceSizes(ObjectLayout layout, HeapClass[] classes) {
    return instanceSizes(layout, classes, new boolean[classes.length]);
  }

  /**
   * Instance sizes, with {@code @Contended} padding for the classes flagged in {@code contended}.
   */
  static int[] instanceSizes(ObjectLayout layout, HeapClass[] classes, boolean[] contended) {
    FieldLayout[] memo = new FieldLayout[classes.length];
    int[] sizes = new int[classes.length];
    for (HeapClass c : classes) {
      sizes[c.index] =
          ObjectLayout.align(
              fieldLayout(layout, classes, c, memo, contended, 0).end(), layout.alignment());
    }
    return sizes;
  }

  private static FieldLayout fieldLayout(
      ObjectLayout layout,
      HeapClass[] classes,
      HeapClass c,
      FieldLayout[] memo,
      boolean[] contended,
      int depth) {
    if (memo[c.index] != null) {
      return memo[c.index];
    }
    FieldLayout base =
        c.superIndex >= 0 && depth < 1000
            ? fieldLayout(layout, classes, classes[c.superIndex], memo, contended, depth + 1)
            : FieldLayout.root(layout);
    List<String> group = contended[c.index] ? CONTENDED.getOrDefault(c.name, List.of()) : List.of();
    int refs = 0;
    int groupRefs = 0;
    List<Integer> prims = new ArrayList<>();
    List<Integer> groupPrims = new ArrayList<>();
    for (int i = 0; i < c.fieldTypes.length; i++) {
      boolean inGroup = group.contains(c.fieldNames[i]);
      if (c.fieldTypes[i] == HprofTag.TYPE_OBJECT) {
        if (inGroup) {
          groupRefs++;
        } else {
          refs++;
        }
      } else {
        (inGroup ? groupPrims : prims).add(HprofTag.valueSize(c.fieldTypes[i], 8));
      }
    }
    Map<String, Integer> injected =
        new java.util.HashMap<>(INJECTED.getOrDefault(c.name, Map.of()));
    Map.Entry<String, Map<String, Integer>> conditional = INJECTED_IF.get(c.name);
    if (conditional != null
        && java.util.Arrays.asList(c.fieldNames).contains(conditional.getKey())) {
      injected.putAll(conditional.getValue());
    }
    for (Map.Entry<String, Integer> f : injected.entrySet()) {
      if (java.util.Arrays.asList(c.fieldNames).contains(f.getKey())) {
        continue;
      }
      if (f.getValue() == 0) {
        refs++;
      } else {
        prims.add(f.getValue());
      }
    }
    int[] p = prims.stream().mapToInt(Integer::intValue).toArray();
    // Real classes have at most a few hundred fields; the best-fit search is quadratic, so a
    // hostile class with tens of thousands is laid out as if @Contended-appended (no gap search).
    boolean huge = p.length + refs > 1024;
    boolean hasGroup = !groupPrims.isEmpty() || groupRefs > 0;
    FieldLayout f =
        base.extend(
            p,
            refs,
            layout.referenceBytes(),
            group.contains("*") || huge,
            hasGroup
                ? new int[][] {groupPrims.stream().mapToInt(Integer::intValue).toArray()}
                : new int[0][],
            hasGroup ? new int[] {groupRefs} : new int[0],
            CONTENDED_PADDING);
    memo[c.index] = f;
    return f;
  }

  /**
   * Decides, for each class in the {@code @Contended} table, whether the dumped JVM padded it: the
   * padded layout is kept when no instance of the class (or its subclasses) is closer than its
   * padded size to the next object, and at least as many instances fit it exactly as fit the
   * unpadded layout. One pass over all objects in address order.
   */
  static boolean[] chooseContended(
      ObjectLayout layout,
      AddressIndex index,
      IntUnaryOperator cls,
      HeapClass[] classes,
      int javaLangClass) {
    boolean[] none = new boolean[classes.length];
    int[] off = instanceSizes(layout, classes, none);
    List<Integer> table = new ArrayList<>();
    for (HeapClass c : classes) {
      if (CONTENDED.containsKey(c.name) && !c.isArray()) {
        table.add(c.index);
      }
    }
    boolean[] chosen = new boolean[classes.length];
    if (table.isEmpty() || index.size() < 2) {
      return chosen;
    }
    int t = table.size();
    int[][] on = new int[t][];
    for (int i = 0; i < t; i++) {
      boolean[] flags = new boolean[classes.length];
      flags[table.get(i)] = true;
      on[i] = instanceSizes(layout, classes, flags);
    }
    long[] violationsOn = new long[t];
    long[] exactOn = new long[t];
    long[] exactOff = new long[t];
    int n = index.size();
    for (int k = 0; k + 1 < n; k++) {
      int id = index.idAtRank(k);
      int c = cls.applyAsInt(id);
      if (c == javaLangClass || classes[c].isArray()) {
        continue;
      }
      for (int i = 0; i < t; i++) {
        if (on[i][c] != off[c]) {
          long gap = index.addressAtRank(k + 1) - index.addressAtRank(k);
          if (gap < on[i][c]) {
            violationsOn[i]++;
          } else if (gap == on[i][c]) {
            exactOn[i]++;
          }
          if (gap == off[c]) {
            exactOff[i]++;
          }
        }
      }
    }
    for (int i = 0; i < t; i++) {
      chosen[table.get(i)] = violationsOn[i] == 0 && exactOn[i] >= exactOff[i];
    }
    return chosen;
  }

  /** Fixes instance sizes, dump field sizes and followed reference fields of every class. */
  static void applySizes(
      ObjectLayout layout, HeapClass[] classes, int idSize, boolean[] contended) {
    int[] sizes = instanceSizes(layout, classes, contended);
    // one name string per declared field, shared by every subclass that inherits it
    String[][] qualified = new String[classes.length][];
    for (HeapClass c : classes) {
      c.instanceSize = sizes[c.index];
      List<Integer> offs = new ArrayList<>();
      List<String> names = new ArrayList<>();
      int off = 0;
      HeapClass k = c;
      for (int depth = 0; k != null && depth < 1000; depth++) {
        if (qualified[k.index] == null) {
          qualified[k.index] = new String[k.fieldTypes.length];
        }
        for (int i = 0; i < k.fieldTypes.length; i++) {
          int t = k.fieldTypes[i];
          if (t == HprofTag.TYPE_OBJECT && ReferenceGraph.followed(k.name, k.fieldNames[i])) {
            offs.add(off);
            if (qualified[k.index][i] == null) {
              qualified[k.index][i] = k.name + "." + k.fieldNames[i];
            }
            names.add(qualified[k.index][i]);
          }
          off += HprofTag.valueSize(t, idSize);
        }
        k = k.superIndex >= 0 ? classes[k.superIndex] : null;
      }
      c.dumpInstanceBytes = off;
      c.referenceOffsets = offs.stream().mapToInt(Integer::intValue).toArray();
      c.referenceNames = names.toArray(new String[0]);
    }
  }

  /** Approximate size of a class object: a {@code java.lang.Class} instance plus its statics. */
  static long classObjectSize(ObjectLayout layout, HeapClass c, HeapClass javaLangClass) {
    long size = Math.max(javaLangClass.instanceSize, layout.headerBytes());
    for (byte t : c.staticTypes) {
      size += layout.fieldBytes(t);
    }
    return ObjectLayout.align(size, layout.alignment());
  }
}
