package io.leakscope.analysis.internal.inspections;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.report.Inspection;
import io.leakscope.analysis.report.InspectionHolder;
import io.leakscope.heap.HeapIndex;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ArrayObject;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import io.leakscope.testing.hprof.HeapDumpBuilder.Instance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspections on dumps built in code: every expected count and byte is derived from the builder's
 * own shallow sizes, never from a run of the code under test.
 */
class InspectionsTest {
  @TempDir Path dir;

  private List<Inspection> inspect(HeapDumpBuilder b) throws IOException {
    return inspect(b, -1L, ProgressListener.NONE);
  }

  private List<Inspection> inspect(HeapDumpBuilder b, long hashMask, ProgressListener progress)
      throws IOException {
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    try (HeapIndex index = HeapIndex.open(p, ProgressListener.NONE)) {
      // reachability as HeapAnalyzer computes it: from the dominator tree over the GC roots
      DominatorTree tree =
          DominatorTree.compute(
              index.graph(), index.roots().distinctObjectIds(), ProgressListener.NONE);
      return Inspections.run(index, tree::isReachable, progress, hashMask);
    }
  }

  private static Inspection kind(List<Inspection> all, String kind) {
    return all.stream()
        .filter(i -> i.kind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + " not in " + all));
  }

  private static InspectionHolder holder(Inspection i, String name) {
    return i.holders().stream()
        .filter(h -> h.holder().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not among " + i.holders()));
  }

  /** A Latin-1 String over an existing value array. */
  private static Instance stringOver(HeapDumpBuilder b, ArrayObject value) {
    return b.instance(b.stringClass()).set("value", value).set("coder", (byte) 0);
  }

  private static long latin1ArrayBytes(HeapDumpBuilder b, String text) {
    return b.layout().arrayBytes(HprofTag.TYPE_BYTE, text.length());
  }

  private static ClassHandle sticky(HeapDumpBuilder b, ClassHandle c) {
    b.stickyClass(c);
    return c;
  }

  // ---- duplicate strings

  @Test
  void duplicateStringsAreCountedOncePerCopyAndASharedArrayOnlyOnce() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(7);
    ClassHandle registry = sticky(b, b.defineClass("a.Registry", b.objectClass()));
    ClassHandle person =
        sticky(
            b,
            b.defineClass(
                "a.Person",
                b.objectClass(),
                FieldSpec.ref("name"),
                FieldSpec.ref("email"),
                FieldSpec.ref("manager")));
    List<Long> names = new ArrayList<>();
    long stringBytes = b.string("x").shallowSize(); // an unreachable String, for its size
    for (int i = 0; i < 10; i++) {
      names.add(b.string("alpha").id());
    }
    ArrayObject shared = b.primitiveArray("beta".getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < 5; i++) {
      names.add(stringOver(b, shared).id());
    }
    for (int i = 0; i < 15; i++) {
      names.add(b.string("unique-" + i).id());
    }
    registry.staticField(
        FieldSpec.ref("NAMES"),
        b.objectArray(b.stringClass(), names.stream().mapToLong(Long::longValue).toArray()));
    // people: the name is held by a.Person.name; email is null in some (the record is read)
    long[] people = new long[4];
    Instance boss = null;
    for (int i = 0; i < 4; i++) {
      Instance p =
          b.instance(person, b.string("bob"), i % 2 == 0 ? null : b.string("b" + i + "@x"), boss);
      boss = p;
      people[i] = p.id();
    }
    registry.staticField(FieldSpec.ref("PEOPLE"), b.objectArray(person, people));
    // copies held only by a root array: the array class is the holder
    long[] rooted = {b.string("delta").id(), b.string("delta").id(), b.string("delta").id()};
    b.root(HprofTag.ROOT_JNI_GLOBAL, b.objectArray(b.objectClass(), rooted).id());
    // unreachable copies count for nothing
    for (int i = 0; i < 3; i++) {
      b.string("ghost");
    }

    Inspection dups = kind(inspect(b), "duplicate-strings");

    long alpha = 9 * (stringBytes + latin1ArrayBytes(b, "alpha"));
    long beta = 4 * stringBytes;
    long bob = 3 * (stringBytes + latin1ArrayBytes(b, "bob"));
    long delta = 2 * (stringBytes + latin1ArrayBytes(b, "delta"));
    assertThat(dups.objects()).isEqualTo(10 + 5 + 4 + 3);
    assertThat(dups.wastedBytes()).isEqualTo(alpha + beta + bob + delta);
    assertThat(dups.title()).contains("22 duplicate strings").contains("copies of 4 texts");
    assertThat(dups.holders())
        .containsExactly(
            new InspectionHolder("a.Registry.NAMES", 15, alpha + beta, "alpha"),
            new InspectionHolder("a.Person.name", 4, bob, "bob"),
            new InspectionHolder("java.lang.Object[]", 3, delta, "delta"));
  }

  @Test
  void equalBytesUnderDifferentCodersAreDifferentTexts() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle r = sticky(b, b.defineClass("a.R", b.objectClass()));
    // U+6261 is stored little-endian as the bytes 'a' 'b', the same bytes as Latin-1 "ab"
    Instance latin1 = b.string("ab");
    Instance utf16 = b.string("\u6261");
    r.staticField(FieldSpec.ref("BOTH"), b.objectArray(b.stringClass(), latin1.id(), utf16.id()));

    assertThat(inspect(b)).noneMatch(i -> i.kind().equals("duplicate-strings"));
  }

  @Test
  void exampleTextIsCutAndControlCharactersEscaped() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle r = sticky(b, b.defineClass("a.R", b.objectClass()));
    String text = "line1\nline2\ttab\u0001" + "y".repeat(100);
    r.staticField(
        FieldSpec.ref("TWICE"),
        b.objectArray(b.stringClass(), b.string(text).id(), b.string(text).id()));

    InspectionHolder h = holder(kind(inspect(b), "duplicate-strings"), "a.R.TWICE");
    String expected = "line1\\nline2\\ttab\\u0001" + "y".repeat(60 - 16) + "…";
    assertThat(h.example()).isEqualTo(expected);
  }

  /** A random heap of short strings, some sharing arrays, some UTF-16, against a HashMap count. */
  @Test
  void randomStringsMatchABruteForceCount() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(seed);
      ClassHandle r = sticky(b, b.defineClass("a.R", b.objectClass()));
      Random random = new Random(seed);
      Map<String, Integer> arrays = new HashMap<>(); // distinct value arrays per text
      Map<String, Integer> copies = new HashMap<>();
      Map<String, Long> arrayBytes = new HashMap<>();
      Map<String, ArrayObject> lastArray = new HashMap<>();
      long[] all = new long[3000];
      long stringBytes = 0;
      for (int i = 0; i < all.length; i++) {
        StringBuilder t = new StringBuilder();
        int length = random.nextInt(4);
        for (int c = 0; c < length; c++) {
          t.append(random.nextInt(10) == 0 ? '\u0101' : (char) ('a' + random.nextInt(4)));
        }
        String text = t.toString();
        boolean latin1 = text.chars().allMatch(c -> c < 0x100);
        ArrayObject value = lastArray.get(text);
        if (value == null || random.nextInt(5) != 0) {
          // a new array; else the String shares the array of an earlier copy
          value =
              b.primitiveArray(
                  text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE));
          arrays.merge(text, 1, Integer::sum);
          arrayBytes.put(text, value.shallowSize());
          lastArray.put(text, value);
        }
        Instance s =
            b.instance(b.stringClass()).set("value", value).set("coder", (byte) (latin1 ? 0 : 1));
        stringBytes = s.shallowSize();
        copies.merge(text, 1, Integer::sum);
        all[i] = s.id();
      }
      r.staticField(FieldSpec.ref("ALL"), b.objectArray(b.stringClass(), all));

      long objects = 0;
      long wasted = 0;
      int texts = 0;
      for (Map.Entry<String, Integer> e : copies.entrySet()) {
        int k = e.getValue();
        if (k >= 2) {
          texts++;
          objects += k;
          int m = arrays.get(e.getKey());
          wasted += (k - 1) * stringBytes + (m - 1) * arrayBytes.get(e.getKey());
        }
      }
      List<Inspection> found = inspect(b);
      Inspection dups = kind(found, "duplicate-strings");
      assertThat(dups.objects()).as("seed %d", seed).isEqualTo(objects);
      assertThat(dups.wastedBytes()).as("seed %d", seed).isEqualTo(wasted);
      assertThat(dups.title()).contains(String.format("copies of %,d texts", texts));
      assertThat(dups.holders()).extracting(InspectionHolder::holder).containsExactly("a.R.ALL");
      assertThat(dups.holders().get(0).objects()).isEqualTo(objects);
      assertThat(dups.holders().get(0).wastedBytes()).isEqualTo(wasted);
    }
  }

  @Test
  void aHashThatCollidesForEveryStringGivesTheSameReport() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(3);
    ClassHandle r = sticky(b, b.defineClass("a.R", b.objectClass()));
    List<Long> strings = new ArrayList<>();
    String[] texts = {
      "aaa", "aaa", "aaa", "bbb", "bbb", "ccc", "ddd", "eee", "eee", "\u0100\u0101"
    };
    for (String t : texts) {
      strings.add(b.string(t).id());
    }
    r.staticField(
        FieldSpec.ref("S"),
        b.objectArray(b.stringClass(), strings.stream().mapToLong(Long::longValue).toArray()));
    long stringBytes = b.string("z").shallowSize();

    List<Inspection> honest = inspect(b, -1L, ProgressListener.NONE);
    List<Inspection> colliding = inspect(b, 0L, ProgressListener.NONE);

    Inspection dups = kind(colliding, "duplicate-strings");
    assertThat(colliding).isEqualTo(honest);
    assertThat(dups.objects()).isEqualTo(3 + 2 + 2);
    assertThat(dups.wastedBytes())
        .isEqualTo(
            2 * (stringBytes + latin1ArrayBytes(b, "aaa"))
                + (stringBytes + latin1ArrayBytes(b, "bbb"))
                + (stringBytes + latin1ArrayBytes(b, "eee")));
    assertThat(dups.holders().get(0).example()).isEqualTo("aaa");
  }

  @Test
  void runsThatCollideUnderSeveralHoldersAreSplit() throws IOException {
    // four keys in all (two bits of hash): the runs shown for the three holders mix texts, and are
    // split by their arrays' bytes until the report is the honest one
    java.util.Random random = new java.util.Random(9);
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(4);
    ClassHandle r = sticky(b, b.defineClass("a.R", b.objectClass()));
    for (String field : new String[] {"A", "B", "C"}) {
      List<Long> strings = new ArrayList<>();
      for (int k = 0; k < 40; k++) {
        strings.add(b.string(field + random.nextInt(6)).id());
      }
      r.staticField(
          FieldSpec.ref(field),
          b.objectArray(b.stringClass(), strings.stream().mapToLong(Long::longValue).toArray()));
    }
    List<Inspection> honest = inspect(b, -1L, ProgressListener.NONE);
    List<Inspection> colliding = inspect(b, 3L, ProgressListener.NONE);
    assertThat(kind(honest, "duplicate-strings").holders()).hasSize(3);
    assertThat(colliding).isEqualTo(honest);
  }

  // ---- holders

  @Test
  void holdersLookThroughCollectionPlumbingToTheField() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(5);
    ClassHandle node =
        b.defineClass(
            "java.util.HashMap$Node",
            b.objectClass(),
            FieldSpec.of("hash", int.class),
            FieldSpec.ref("key"),
            FieldSpec.ref("value"),
            FieldSpec.ref("next"));
    ClassHandle map =
        b.defineClass(
            "java.util.HashMap",
            b.objectClass(),
            FieldSpec.ref("table"),
            FieldSpec.of("size", int.class));
    ClassHandle service =
        sticky(
            b,
            b.defineClass(
                "a.Service", b.objectClass(), FieldSpec.ref("cache"), FieldSpec.ref("other")));
    // ten keys "k", chained two per bucket: key <- node <- node.next / node[] <- map <-
    // a.Service.cache
    long[] buckets = new long[8];
    for (int i = 0; i < 5; i++) {
      Instance second = b.instance(node, 1, b.string("k"), null, null);
      Instance first = b.instance(node, 1, b.string("k"), null, second);
      buckets[i] = first.id();
    }
    Instance m = b.instance(map, b.objectArray(node, buckets), 10);
    Instance s = b.instance(service, m, null);
    b.root(HprofTag.ROOT_JNI_GLOBAL, s.id());

    Inspection dups = kind(inspect(b), "duplicate-strings");

    assertThat(dups.holders())
        .extracting(InspectionHolder::holder)
        .containsExactly("a.Service.cache");
    assertThat(dups.holders().get(0).objects()).isEqualTo(10);
  }

  @Test
  void referrersDumpedAfterWhatTheyHoldStillNameTheField() throws IOException {
    // creation order is dump order: the strings, then the array, then its holder; the search
    // from the top meets the holder before it knows the array needs one
    HeapDumpBuilder b = HeapDumpBuilder.create().objectsInCreationOrder();
    ClassHandle keeper =
        sticky(b, b.defineClass("a.Keeper", b.objectClass(), FieldSpec.ref("items")));
    long[] copies = {b.string("q").id(), b.string("q").id()};
    ArrayObject array = b.objectArray(b.objectClass(), copies);
    Instance k = b.instance(keeper, array);
    b.root(HprofTag.ROOT_JNI_GLOBAL, k.id());

    Inspection dups = kind(inspect(b), "duplicate-strings");

    assertThat(dups.holders())
        .extracting(InspectionHolder::holder)
        .containsExactly("a.Keeper.items");
  }

  @Test
  void aGzipDumpGivesTheSameInspections() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(21);
    Jdk jdk = Jdk.define(b);
    ClassHandle h = sticky(b, b.defineClass("a.H", b.objectClass()));
    long[] strings = new long[2000];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = b.string("text-" + (i % 300) + "-" + "z".repeat(i % 7)).id();
    }
    h.staticField(FieldSpec.ref("S"), b.objectArray(b.stringClass(), strings));
    long[] lists = new long[50];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = jdk.list(b, 0, 10 + i).id();
    }
    h.staticField(FieldSpec.ref("L"), b.objectArray(jdk.list, lists));
    Path plain = dir.resolve("plain.hprof");
    Path gzip = dir.resolve("chunked.hprof.gz");
    b.writeTo(plain);
    b.writeGzipTo(gzip, 4096);

    assertThat(inspectFile(gzip)).isEqualTo(inspectFile(plain)).isNotEmpty();
  }

  private List<Inspection> inspectFile(Path p) throws IOException {
    try (HeapIndex index = HeapIndex.open(p, ProgressListener.NONE)) {
      DominatorTree tree =
          DominatorTree.compute(
              index.graph(), index.roots().distinctObjectIds(), ProgressListener.NONE);
      return Inspections.run(index, tree::isReachable, ProgressListener.NONE);
    }
  }

  // ---- collections

  /** ArrayList, HashMap and HashSet shaped like the JDK's. */
  private record Jdk(ClassHandle list, ClassHandle map, ClassHandle node, ClassHandle set) {
    static Jdk define(HeapDumpBuilder b) {
      ClassHandle list =
          b.defineClass(
              "java.util.ArrayList",
              b.objectClass(),
              FieldSpec.of("size", int.class),
              FieldSpec.ref("elementData"));
      ClassHandle node =
          b.defineClass(
              "java.util.HashMap$Node",
              b.objectClass(),
              FieldSpec.of("hash", int.class),
              FieldSpec.ref("key"),
              FieldSpec.ref("value"),
              FieldSpec.ref("next"));
      ClassHandle map =
          b.defineClass(
              "java.util.HashMap",
              b.objectClass(),
              FieldSpec.ref("table"),
              FieldSpec.ref("entrySet"),
              FieldSpec.of("size", int.class));
      ClassHandle set = b.defineClass("java.util.HashSet", b.objectClass(), FieldSpec.ref("map"));
      return new Jdk(list, map, node, set);
    }

    Instance list(HeapDumpBuilder b, int size, int capacity, long... elements) {
      long[] slots = new long[capacity];
      System.arraycopy(elements, 0, slots, 0, elements.length);
      return b.instance(list, size, b.objectArray(b.objectClass(), slots));
    }

    Instance map(HeapDumpBuilder b, int size, long[] table) {
      return b.instance(map, b.objectArray(node, table), null, size);
    }
  }

  @Test
  void emptyAndSparseCollectionsWasteTheirArraysAndUnusedSlots() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(9);
    Jdk jdk = Jdk.define(b);
    ClassHandle h = sticky(b, b.defineClass("a.Holder", b.objectClass()));
    long ten = b.layout().arrayBytes(HprofTag.TYPE_OBJECT, 10);
    long sixteen = b.layout().arrayBytes(HprofTag.TYPE_OBJECT, 16);
    int ref = b.layout().referenceBytes();
    // seven empty lists of capacity 10, held in a list held by a static field
    long[] empties = new long[7];
    for (int i = 0; i < empties.length; i++) {
      empties[i] = jdk.list(b, 0, 10).id();
    }
    h.staticField(FieldSpec.ref("LISTS"), jdk.list(b, 7, 10, empties));
    // not waste: a shared empty array, no array, nulls that the size counts, a full small list
    long emptyArray = b.objectArray(b.objectClass()).id();
    Instance sharedEmpty = b.instance(jdk.list, 0, emptyArray);
    Instance noArray = b.instance(jdk.list, 0, null);
    Instance nulls = jdk.list(b, 3, 10);
    Instance small = jdk.list(b, 1, 16, b.string("s").id());
    long[] ten10 = new long[10];
    for (int i = 0; i < ten10.length; i++) {
      ten10[i] = b.instance(b.objectClass()).id();
    }
    Instance quarter = jdk.list(b, 10, 40, ten10); // 25% of 40 slots: not below a quarter
    h.staticField(
        FieldSpec.ref("FINE"),
        b.objectArray(
            jdk.list, sharedEmpty.id(), noArray.id(), nulls.id(), small.id(), quarter.id()));
    // an empty map that keeps its table; a set whose map keeps its table
    h.staticField(FieldSpec.ref("MAP"), jdk.map(b, 0, new long[16]));
    h.staticField(FieldSpec.ref("SET"), b.instance(jdk.set, jdk.map(b, 0, new long[16])));
    // sparse: 3 of 100 list slots, 2 of 64 buckets
    long[] three = {
      b.instance(b.objectClass()).id(),
      b.instance(b.objectClass()).id(),
      b.instance(b.objectClass()).id()
    };
    h.staticField(FieldSpec.ref("BIG"), jdk.list(b, 3, 100, three));
    long[] table = new long[64];
    table[5] = b.instance(jdk.node, 5, b.instance(b.objectClass()), null, null).id();
    table[9] = b.instance(jdk.node, 9, b.instance(b.objectClass()), null, null).id();
    h.staticField(FieldSpec.ref("BIGMAP"), jdk.map(b, 2, table));

    List<Inspection> all = inspect(b);

    Inspection empty = kind(all, "empty-collections");
    assertThat(empty.objects()).isEqualTo(7 + 1 + 1);
    assertThat(empty.wastedBytes()).isEqualTo(7 * ten + sixteen + sixteen);
    assertThat(empty.holders())
        .containsExactly(
            new InspectionHolder("a.Holder.LISTS", 7, 7 * ten, "java.util.ArrayList, capacity 10"),
            new InspectionHolder("a.Holder.MAP", 1, sixteen, "java.util.HashMap, capacity 16"),
            new InspectionHolder("a.Holder.SET", 1, sixteen, "java.util.HashSet, capacity 16"));
    Inspection sparse = kind(all, "sparse-collections");
    assertThat(sparse.objects()).isEqualTo(2);
    assertThat(sparse.wastedBytes()).isEqualTo((100 - 3) * ref + (64 - 2) * ref);
    assertThat(sparse.holders())
        .containsExactly(
            new InspectionHolder(
                "a.Holder.BIG", 1, 97L * ref, "java.util.ArrayList, 3 of 100 slots used"),
            new InspectionHolder(
                "a.Holder.BIGMAP", 1, 62L * ref, "java.util.HashMap, 2 of 64 slots used"));
  }

  @Test
  void boxedNumbersInListsAndMapsCountFromAHundredPerHolder() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(13);
    Jdk jdk = Jdk.define(b);
    ClassHandle longBox =
        b.defineClass("java.lang.Long", b.objectClass(), FieldSpec.of("value", long.class));
    ClassHandle intBox =
        b.defineClass("java.lang.Integer", b.objectClass(), FieldSpec.of("value", int.class));
    ClassHandle stats = sticky(b, b.defineClass("a.Stats", b.objectClass()));
    int ref = b.layout().referenceBytes();
    long longBytes = b.instance(longBox, 0L).shallowSize();
    long intBytes = b.instance(intBox, 0).shallowSize();
    // 150 distinct Longs, and the first of them 10 more times: its size counts once
    long[] samples = new long[160];
    for (int i = 0; i < 150; i++) {
      samples[i] = b.instance(longBox, 1000L + i).id();
    }
    for (int i = 150; i < 160; i++) {
      samples[i] = samples[0];
    }
    stats.staticField(FieldSpec.ref("SAMPLES"), jdk.list(b, 160, 200, samples));
    // 50 Integers: below the threshold of a hundred per holder
    long[] few = new long[50];
    for (int i = 0; i < few.length; i++) {
      few[i] = b.instance(intBox, 1000 + i).id();
    }
    stats.staticField(FieldSpec.ref("FEW"), jdk.list(b, 50, 50, few));
    // a map Integer -> Long of 120 entries, chained two per bucket in 60 of 128 buckets
    long[] table = new long[128];
    for (int i = 0; i < 60; i++) {
      Instance second =
          b.instance(
              jdk.node, i, b.instance(intBox, 2 * i + 1), b.instance(longBox, (long) i), null);
      table[2 * i] =
          b.instance(jdk.node, i, b.instance(intBox, 2 * i), b.instance(longBox, (long) i), second)
              .id();
    }
    stats.staticField(FieldSpec.ref("BY_ID"), jdk.map(b, 120, table));

    Inspection boxed = kind(inspect(b), "boxed-collections");

    long samplesWaste = 150 * longBytes + 160L * (ref - 8);
    long mapWaste = 120 * (intBytes + ref - 4) + 120 * (longBytes + ref - 8);
    assertThat(boxed.objects()).isEqualTo(160 + 240);
    assertThat(boxed.wastedBytes()).isEqualTo(samplesWaste + mapWaste);
    assertThat(boxed.holders())
        .containsExactlyInAnyOrder(
            new InspectionHolder(
                "a.Stats.SAMPLES", 160, samplesWaste, "java.util.ArrayList of 160 java.lang.Long"),
            new InspectionHolder(
                "a.Stats.BY_ID", 240, mapWaste, "java.util.HashMap of 240 java.lang.Integer"));
  }

  @Test
  void boxedWasteIsNeverNegativeWhenOneBoxIsSharedByManySlots() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    Jdk jdk = Jdk.define(b);
    ClassHandle longBox =
        b.defineClass("java.lang.Long", b.objectClass(), FieldSpec.of("value", long.class));
    ClassHandle stats = sticky(b, b.defineClass("a.Stats", b.objectClass()));
    int ref = b.layout().referenceBytes();
    // 200 slots, one cached Long: with 4-byte references they take less than 200 longs would
    long[] same = new long[200];
    long shared = b.instance(longBox, 7L).id();
    java.util.Arrays.fill(same, shared);
    stats.staticField(FieldSpec.ref("ZEROS"), jdk.list(b, 200, 200, same));
    // 120 distinct Longs beside it: their waste is positive and is what the total says
    long[] distinct = new long[120];
    for (int i = 0; i < distinct.length; i++) {
      distinct[i] = b.instance(longBox, 1000L + i).id();
    }
    stats.staticField(FieldSpec.ref("IDS"), jdk.list(b, 120, 120, distinct));

    List<Inspection> all = inspect(b);
    Inspection boxed = kind(all, "boxed-collections");
    long longBytes = b.instance(longBox, 0L).shallowSize();
    assertThat(ref).as("compressed references make the shared box cheaper than longs").isEqualTo(4);
    assertThat(boxed.wastedBytes()).isEqualTo(120 * (longBytes + ref - 8));
    assertThat(boxed.holders()).allSatisfy(h -> assertThat(h.wastedBytes()).isNotNegative());
    assertThat(boxed.wastedBytes())
        .isEqualTo(boxed.holders().stream().mapToLong(InspectionHolder::wastedBytes).sum());
    for (Inspection i : all) {
      assertThat(i.wastedBytes()).as(i.kind()).isNotNegative();
    }
  }

  @Test
  void inspectionsComeMostWastedFirstAndReportProgress() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    Jdk jdk = Jdk.define(b);
    ClassHandle h = sticky(b, b.defineClass("a.H", b.objectClass()));
    h.staticField(FieldSpec.ref("E"), jdk.list(b, 0, 1000)); // about 4 KB wasted
    h.staticField(
        FieldSpec.ref("D"), b.objectArray(b.stringClass(), b.string("x").id(), b.string("x").id()));
    List<long[]> updates = new ArrayList<>();

    List<Inspection> all =
        inspect(
            b,
            -1L,
            (phase, done, total) -> {
              assertThat(phase).isEqualTo("inspections");
              updates.add(new long[] {done, total});
            });

    assertThat(all)
        .extracting(Inspection::kind)
        .containsExactly("empty-collections", "duplicate-strings");
    assertThat(updates).isNotEmpty().allMatch(u -> u[0] >= 0 && u[0] <= u[1]);
  }

  @Test
  void aHeapWithoutWasteHasNoInspections() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle h = sticky(b, b.defineClass("a.H", b.objectClass()));
    h.staticField(
        FieldSpec.ref("S"), b.objectArray(b.stringClass(), b.string("x").id(), b.string("y").id()));

    assertThat(inspect(b)).isEmpty();
  }
}
