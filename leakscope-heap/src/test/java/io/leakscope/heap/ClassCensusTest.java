package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import io.leakscope.testing.hprof.HeapDumpBuilder.Layout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The census (one pass, nothing per object) against the index of the same dump, object by object:
 * the same instances and shallow bytes per class, in any layout.
 */
class ClassCensusTest {
  @TempDir Path dir;

  private static final int[] PRIMITIVES = {
    HprofTag.TYPE_BOOLEAN,
    HprofTag.TYPE_CHAR,
    HprofTag.TYPE_FLOAT,
    HprofTag.TYPE_DOUBLE,
    HprofTag.TYPE_BYTE,
    HprofTag.TYPE_SHORT,
    HprofTag.TYPE_INT,
    HprofTag.TYPE_LONG
  };

  /** A random heap: classes with random fields, instances, arrays of every kind and length. */
  private static HeapDumpBuilder randomHeap(long seed, Layout layout) {
    SplittableRandom random = new SplittableRandom(seed);
    HeapDumpBuilder b = HeapDumpBuilder.create().layout(layout);
    List<ClassHandle> classes = new ArrayList<>();
    classes.add(b.objectClass());
    Class<?>[] fieldTypes = {byte.class, short.class, int.class, long.class, double.class};
    for (int c = 0; c < 12; c++) {
      List<FieldSpec> fields = new ArrayList<>();
      for (int f = random.nextInt(5); f > 0; f--) {
        fields.add(
            random.nextBoolean()
                ? FieldSpec.ref("r" + f)
                : FieldSpec.of("p" + f, fieldTypes[random.nextInt(fieldTypes.length)]));
      }
      ClassHandle parent = classes.get(random.nextInt(classes.size()));
      // two loaders' classes of one name in one row: every fourth name repeats the one before
      String name = "r.C" + (c % 4 == 3 ? c - 1 : c);
      classes.add(b.defineClass(name, parent, fields.toArray(FieldSpec[]::new)));
    }
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      int kind = random.nextInt(10);
      int length =
          random.nextInt(4) == 0 ? 200 + random.nextInt(700) : random.nextInt(40); // past 256 too
      if (kind < 5) {
        ids.add(b.instance(classes.get(random.nextInt(classes.size()))).id());
      } else if (kind < 8) {
        ids.add(b.primitiveArray(PRIMITIVES[random.nextInt(PRIMITIVES.length)], length).id());
      } else if (kind < 9) {
        long[] elements = new long[length];
        for (int k = 0; k < length && !ids.isEmpty(); k++) {
          elements[k] = random.nextInt(3) == 0 ? 0 : ids.get(random.nextInt(ids.size()));
        }
        ids.add(b.objectArray(classes.get(random.nextInt(classes.size())), elements).id());
      } else {
        ids.add(b.string("s" + random.nextInt(1000)).id());
      }
    }
    return b.shuffleObjects(seed);
  }

  /** Instances and shallow bytes per class name, from the index object by object. */
  private static Map<String, List<Long>> fromIndex(HeapIndex h) {
    Map<String, List<Long>> rows = new LinkedHashMap<>();
    for (int i = 0; i < h.objectCount(); i++) {
      List<Long> r =
          rows.computeIfAbsent(
              h.heapClass(h.classOf(i)).name(), k -> new ArrayList<>(List.of(0L, 0L)));
      r.set(0, r.get(0) + 1);
      r.set(1, r.get(1) + h.shallowSize(i));
    }
    return rows;
  }

  private static Map<String, List<Long>> fromCensus(ClassCensus c) {
    Map<String, List<Long>> rows = new LinkedHashMap<>();
    for (ClassCensus.Row r : c.rows()) {
      rows.put(r.className(), List.of(r.instances(), r.shallowBytes()));
    }
    return rows;
  }

  @Test
  void theCensusCountsEveryClassAsTheIndexDoesInEveryLayout() throws IOException {
    Layout[] layouts = {
      Layout.COMPRESSED_OOPS,
      Layout.UNCOMPRESSED,
      new Layout(12, 4, 16, 16),
      new Layout(16, 4, 16, 8)
    };
    for (int round = 0; round < 8; round++) {
      Layout layout = layouts[round % layouts.length];
      Path p = dir.resolve("r" + round + ".hprof");
      randomHeap(round, layout).writeTo(p);
      ClassCensus census = ClassCensus.read(p, ProgressListener.NONE);
      try (HeapIndex h = HeapIndex.open(p, ProgressListener.NONE)) {
        assertThat(census.layout()).as("round %d", round).isEqualTo(h.layout());
        assertThat(fromCensus(census)).as("round %d, %s", round, layout).isEqualTo(fromIndex(h));
        assertThat(census.objects()).isEqualTo(h.objectCount());
        assertThat(census.classes()).isEqualTo(h.classCount());
        long total = 0;
        for (int i = 0; i < h.objectCount(); i++) {
          total += h.shallowSize(i);
        }
        assertThat(census.totalShallowBytes()).isEqualTo(total);
      }
      // biggest first, ties by name
      for (int k = 1; k < census.rows().size(); k++) {
        ClassCensus.Row before = census.rows().get(k - 1);
        ClassCensus.Row row = census.rows().get(k);
        assertThat(
                before.shallowBytes() > row.shallowBytes()
                    || (before.shallowBytes() == row.shallowBytes()
                        && before.className().compareTo(row.className()) < 0))
            .as("%s before %s", before, row)
            .isTrue();
      }
    }
  }

  @Test
  void arrayBytesByLengthResidueAreEachArraysSizeSummed() {
    SplittableRandom random = new SplittableRandom(5);
    for (ObjectLayout layout :
        List.of(
            ObjectLayout.HOTSPOT_64_COMPRESSED,
            new ObjectLayout(16, 8, 8, false),
            new ObjectLayout(12, 4, 16, true),
            new ObjectLayout(12, 4, 256, false),
            new ObjectLayout(16, 8, 64, true))) {
      for (int elementBytes : new int[] {1, 2, 4, 8}) {
        CensusCounts counts = new CensusCounts();
        long expected = 0;
        for (int i = 0; i < 2000; i++) {
          int length =
              random.nextInt(3) == 0 ? random.nextInt(Integer.MAX_VALUE / 16) : random.nextInt(600);
          counts.add(8L * i, 0, length);
          expected += layout.arraySize(elementBytes, length);
        }
        assertThat(counts.arrayBytes(0, layout, elementBytes))
            .as("%s, %d-byte elements", layout, elementBytes)
            .isEqualTo(expected);
        assertThat(counts.instances(0)).isEqualTo(2000);
        assertThat(counts.plainInstances(0)).isZero();
      }
    }
  }

  @Test
  void theSampleKeepsWholeRunsSpreadOverTheDump() {
    int run = CensusCounts.RUN;
    int capacity = run * CensusCounts.MAX_RUNS;
    for (long objects : new long[] {10, run + 3, capacity, capacity + 1, 5L * capacity + 777}) {
      CensusCounts counts = new CensusCounts();
      for (long i = 0; i < objects; i++) {
        counts.add(1000 + 16 * i, (int) (i % 3), -1);
      }
      int sampled = counts.sampled;
      assertThat(sampled).as("%d objects", objects).isLessThanOrEqualTo(capacity);
      assertThat(sampled).isGreaterThanOrEqualTo((int) Math.min(objects, capacity / 2));
      long spacing = -1;
      long lastRun = -1;
      for (int k = 0; k < sampled; k += run) {
        long first = (counts.sampleAddress[k] - 1000) / 16;
        assertThat(first % run).as("a run starts at a run's first object").isZero();
        for (int j = k; j < Math.min(k + run, sampled); j++) {
          assertThat((counts.sampleAddress[j] - 1000) / 16).isEqualTo(first + (j - k));
          assertThat(counts.sampleEntry[j]).isEqualTo((int) ((first + (j - k)) % 3));
        }
        long thisRun = first / run;
        if (lastRun >= 0) {
          long gap = thisRun - lastRun;
          assertThat(spacing < 0 || gap == spacing).as("evenly spread").isTrue();
          spacing = gap;
        }
        lastRun = thisRun;
      }
      // the last run kept is near the end of the dump
      long runs = (objects + run - 1) / run;
      assertThat(runs - 1 - lastRun).as("%d objects", objects).isLessThan(Math.max(1, spacing));
      assertThat(counts.objects).isEqualTo(objects);
    }
  }
}
