package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HprofWriter;
import io.leakscope.testing.hprof.HprofWriter.FieldDescriptor;
import io.leakscope.testing.hprof.HprofWriter.StaticField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps no JVM writes but a damaged or hostile file can hold: the index stays right or says why.
 */
class HostileDumpTest {
  @TempDir Path dir;

  private static final long OBJECT = 0x1000;
  private static final long HOLDER = 0x2000;
  private static final long NODE = 0x3000;

  /** Writes names, LOAD_CLASS records and a heap of whatever {@code heap} writes. */
  private Path dump(HeapWriter heap) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter w = HprofWriter.open(out, "JAVA PROFILE 1.0.2", 8, 0)) {
      w.writeUtf8(1, "java/lang/Object");
      w.writeUtf8(2, "a/Holder");
      w.writeUtf8(3, "a/Node");
      w.writeUtf8(4, "items");
      w.writeUtf8(5, "next");
      w.writeLoadClass(1, OBJECT, 0, 1);
      w.writeLoadClass(2, HOLDER, 0, 2);
      w.writeLoadClass(3, NODE, 0, 3);
      w.beginHeapDump(true);
      heap.write(w);
      w.endHeapDump();
    }
    Path p = dir.resolve("h" + System.nanoTime() + ".hprof");
    Files.write(p, out.toByteArray());
    return p;
  }

  interface HeapWriter {
    void write(HprofWriter w) throws IOException;
  }

  private static byte[] ref(long id) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (id >>> (56 - 8 * i));
    }
    return b;
  }

  @Test
  void aSecondClassDumpForTheSameClassIsNotASecondObject() throws IOException {
    Path p =
        dump(
            w -> {
              w.writeClassDump(OBJECT, 0, 0, 0, 0, List.of(), List.of());
              w.writeClassDump(
                  HOLDER,
                  0,
                  OBJECT,
                  0,
                  0,
                  List.of(new StaticField(4, HprofTag.TYPE_OBJECT, 0x9000)),
                  List.of());
              w.writeClassDump(
                  HOLDER, 0, OBJECT, 0, 0, List.of(), List.of()); // duplicate, no statics
              w.writePrimitiveArrayDump(0x9000, 0, new byte[64]);
              w.writeRootStickyClass(HOLDER);
            });
    try (HeapIndex h = HeapIndex.open(p, ProgressListener.NONE)) {
      long classObjects = 0;
      for (int id = 0; id < h.objectCount(); id++) {
        if (h.representedClass(id) != null) {
          classObjects++;
        }
      }
      assertThat(classObjects).isEqualTo(2); // Object and Holder, once each
      int holder = -1;
      for (int c = 0; c < h.classCount(); c++) {
        if (h.heapClass(c).name().equals("a.Holder")) {
          holder = h.heapClass(c).objectId();
        }
      }
      ReferenceGraph g = h.graph();
      assertThat(g.endEdge(holder) - g.firstEdge(holder))
          .as("the static field's edge")
          .isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void anObjectArrayWhoseClassIsNotAnArrayClassKeepsAllItsEdges() throws IOException {
    Path p =
        dump(
            w -> {
              w.writeClassDump(OBJECT, 0, 0, 0, 0, List.of(), List.of());
              w.writeClassDump(
                  NODE,
                  0,
                  OBJECT,
                  0,
                  8,
                  List.of(),
                  List.of(new FieldDescriptor(5, HprofTag.TYPE_OBJECT)));
              long[] elements = new long[50];
              for (int i = 0; i < elements.length; i++) {
                elements[i] = 0x10000 + 16L * i;
                w.writeInstanceDump(elements[i], 0, NODE, ref(0));
              }
              w.writeObjectArrayDump(0x9000, 0, NODE, elements); // class a.Node, not a.Node[]
              w.writeInstanceDump(0x20000, 0, NODE, ref(0x10000)); // after the array in the file
              w.writeRootJniGlobal(0x9000, 1);
            });
    try (HeapIndex h = HeapIndex.open(p, ProgressListener.NONE)) {
      ReferenceGraph g = h.graph();
      int array = -1;
      int last = -1;
      for (int id = 0; id < h.objectCount(); id++) {
        if (h.address(id) == 0x9000) {
          array = id;
        }
        if (h.address(id) == 0x20000) {
          last = id;
        }
      }
      assertThat(g.endEdge(array) - g.firstEdge(array)).isEqualTo(50);
      assertThat(g.endEdge(last) - g.firstEdge(last)).isEqualTo(1);
    }
  }

  @Test
  void aSuperclassCycleIsABadDump() throws IOException {
    Path p =
        dump(
            w -> {
              w.writeClassDump(HOLDER, 0, NODE, 0, 0, List.of(), List.of());
              w.writeClassDump(NODE, 0, HOLDER, 0, 0, List.of(), List.of());
              w.writeInstanceDump(0x9000, 0, NODE, new byte[0]);
            });
    assertThatThrownBy(() -> HeapIndex.open(p, ProgressListener.NONE).close())
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void anArrayLongerThanJavaAllowsIsABadDumpNotANegativeSize() throws IOException {
    Path p =
        dump(
            w -> {
              w.writeClassDump(OBJECT, 0, 0, 0, 0, List.of(), List.of());
              // PRIM_ARRAY_DUMP: id, stack serial, length 0x80000000, type int; no data follows
              byte[] sub = new byte[1 + 8 + 4 + 4 + 1];
              sub[0] = (byte) HprofTag.PRIM_ARRAY_DUMP;
              System.arraycopy(ref(0x9000), 0, sub, 1, 8);
              sub[13] = (byte) 0x80;
              sub[17] = (byte) HprofTag.TYPE_INT;
              w.writeHeapBytes(sub);
            });
    assertThatThrownBy(() -> HeapIndex.open(p, ProgressListener.NONE).close())
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("2^31-1");
  }

  /** A chain of {@code levels} classes under Object, 30 reference fields each, no instances. */
  private Path chainOfWideClasses(int levels) throws IOException {
    List<FieldDescriptor> fields = new java.util.ArrayList<>();
    for (int f = 0; f < 30; f++) {
      fields.add(new FieldDescriptor(5, HprofTag.TYPE_OBJECT));
    }
    return dump(
        w -> {
          w.writeClassDump(OBJECT, 0, 0, 0, 0, List.of(), List.of());
          long superclass = OBJECT;
          for (int c = 1; c <= levels; c++) {
            long id = 0x100000L + 16L * c;
            w.writeClassDump(id, 0, superclass, 0, 0, List.of(), fields);
            superclass = id;
          }
        });
  }

  @Test
  void aDeepHierarchyOfWideClassesIsRejectedBeforeItsFieldsAreFlattened() throws IOException {
    // 810 KB of dump, but every class would get its own copy of all inherited fields: 135 million
    Path p = chainOfWideClasses(3000);
    assertThatThrownBy(() -> HeapIndex.open(p, ProgressListener.NONE).close())
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("inherited instance fields");
  }

  @Test
  void aModestHierarchyIsIndexed() throws IOException {
    // 20 levels of 30 fields: far below the bound, as in real dumps
    try (HeapIndex h = HeapIndex.open(chainOfWideClasses(20), ProgressListener.NONE)) {
      assertThat(h.classCount()).isGreaterThanOrEqualTo(21);
    }
  }
}
