package io.leakscope.testing.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.HeapDumpBuilder.ArrayObject;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import io.leakscope.testing.hprof.HeapDumpBuilder.Instance;
import io.leakscope.testing.hprof.HeapDumpBuilder.Layout;
import io.leakscope.testing.hprof.HeapDumpBuilder.ThreadHandle;
import io.leakscope.testing.hprof.HprofWriterTest.Cursor;
import io.leakscope.testing.hprof.HprofWriterTest.Dump;
import io.leakscope.testing.hprof.HprofWriterTest.Rec;
import io.leakscope.testing.hprof.HprofWriterTest.Sub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapDumpBuilderTest {

  @TempDir Path tmp;

  @Test
  void defaultDumpHasPredefinedClassesWithNamesLoadClassDumpsAndStickyRoots() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    Dump dump = Dump.parse(builder.toByteArray());

    assertThat(dump.version).isEqualTo("JAVA PROFILE 1.0.2");
    assertThat(dump.idSize).isEqualTo(8);
    Map<Long, String> loaded = loadedClassNames(dump);
    assertThat(loaded.values())
        .containsExactly(
            "java/lang/Object",
            "java/lang/Class",
            "java/lang/String",
            "java/lang/ref/Reference",
            "java/lang/ref/WeakReference",
            "java/lang/ref/SoftReference",
            "java/lang/Thread",
            "[Z",
            "[C",
            "[F",
            "[D",
            "[B",
            "[S",
            "[I",
            "[J",
            "[Ljava/lang/Object;");
    assertThat(dump.subs(HprofTag.CLASS_DUMP))
        .extracting(Sub::id)
        .containsExactlyElementsOf(loaded.keySet());
    assertThat(dump.subs(HprofTag.ROOT_STICKY_CLASS))
        .extracting(Sub::id)
        .containsExactlyElementsOf(loaded.keySet());
    assertThat(loaded.keySet())
        .allSatisfy(id -> assertThat(id).isGreaterThanOrEqualTo(0x7_0000_0000L));
    assertThat(dump.records)
        .extracting(Rec::tag)
        .endsWith(HprofTag.HEAP_DUMP_SEGMENT, HprofTag.HEAP_DUMP_END);

    Sub string = classDump(dump, builder.stringClass().id());
    assertThat(fieldNames(dump, string)).containsExactly("value", "coder", "hash", "hashIsZero");
    assertThat(superclassId(string)).isEqualTo(builder.objectClass().id());
    Sub soft = classDump(dump, builder.softReferenceClass().id());
    assertThat(fieldNames(dump, soft)).containsExactly("timestamp");
    assertThat(superclassId(soft)).isEqualTo(builder.referenceClass().id());
    assertThat(fieldNames(dump, classDump(dump, builder.referenceClass().id())))
        .containsExactly("referent", "queue", "next", "discovered");
  }

  @Test
  void instanceFieldBytesAreSubclassFirstThenUpTheChain() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    ClassHandle base =
        builder.defineClass("com.acme.Base", builder.objectClass(), FieldSpec.of("a", int.class));
    ClassHandle sub =
        builder.defineClass(
            "com.acme.Sub", base, FieldSpec.of("b", long.class), FieldSpec.ref("c"));
    Instance target = builder.instance(builder.objectClass());
    Instance named = builder.instance(sub).set("a", 0x11223344).set("b", 5L).set("c", target);
    Instance positional = builder.instance(sub, 5L, target.id(), 0x11223344);

    Dump dump = Dump.parse(builder.toByteArray());
    for (Instance instance : List.of(named, positional)) {
      Cursor fields = instanceFields(dump.object(instance.id()), sub.id());
      assertThat(fields.u8()).isEqualTo(5L);
      assertThat(fields.id()).isEqualTo(target.id());
      assertThat(fields.u4()).isEqualTo(0x11223344);
      assertThat(fields.remaining()).isZero();
    }
    Cursor classDump = classDump(dump, sub.id()).rest();
    classDump.skip(4 + 6 * 8);
    assertThat(classDump.u4()).as("dump instance size").isEqualTo(8 + 8 + 4);
  }

  @Test
  void unsetFieldsAreZeroAndBadValuesAreRejected() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    ClassHandle node =
        builder.defineClass(
            "com.acme.Node",
            builder.objectClass(),
            FieldSpec.ref("next"),
            FieldSpec.of("flag", boolean.class));
    Instance instance = builder.instance(node);
    Cursor fields =
        instanceFields(Dump.parse(builder.toByteArray()).object(instance.id()), node.id());
    assertThat(fields.u8()).isZero();
    assertThat(fields.u1()).isZero();

    assertThatThrownBy(() -> instance.set("missing", 1)).hasMessageContaining("no field missing");
    assertThatThrownBy(() -> instance.set("flag", 1)).hasMessageContaining("com.acme.Node.flag");
    assertThatThrownBy(() -> instance.set("next", "x")).hasMessageContaining("com.acme.Node.next");
    assertThatThrownBy(() -> builder.instance(node, null, true, 3))
        .hasMessageContaining("at most 2");
  }

  @Test
  void addressesAdvanceByRealCompressedOopsSizes() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    ClassHandle node =
        builder.defineClass(
            "com.acme.Node",
            builder.objectClass(),
            FieldSpec.ref("next"),
            FieldSpec.of("value", int.class));
    ClassHandle longAndInt =
        builder.defineClass(
            "com.acme.LI",
            builder.objectClass(),
            FieldSpec.of("l", long.class),
            FieldSpec.of("i", int.class));
    ClassHandle oneByte =
        builder.defineClass("com.acme.B", builder.objectClass(), FieldSpec.of("b", byte.class));
    ClassHandle longBase =
        builder.defineClass("com.acme.LB", builder.objectClass(), FieldSpec.of("l", long.class));
    ClassHandle gapFiller =
        builder.defineClass("com.acme.GF", longBase, FieldSpec.of("i", int.class));

    assertThat(builder.objectClass().instanceSize()).isEqualTo(16);
    assertThat(builder.stringClass().instanceSize()).isEqualTo(24);
    assertThat(builder.weakReferenceClass().instanceSize()).isEqualTo(32);
    assertThat(builder.softReferenceClass().instanceSize()).isEqualTo(40);
    assertThat(node.instanceSize()).isEqualTo(24);
    assertThat(longAndInt.instanceSize()).as("int in the 12..16 gap").isEqualTo(24);
    assertThat(oneByte.instanceSize()).isEqualTo(16);
    assertThat(gapFiller.instanceSize()).as("subclass int in the superclass's gap").isEqualTo(24);

    long first = builder.instance(builder.objectClass()).id();
    assertThat(first).isEqualTo(0x7_0000_0000L + 21 * HeapDumpBuilder.CLASS_MIRROR_BYTES);
    long second = builder.instance(node).id();
    ArrayObject bytes = builder.primitiveArray(new byte[3]);
    ArrayObject longs = builder.primitiveArray(HprofTag.TYPE_LONG, 2);
    ArrayObject refs = builder.objectArray(node, first, second, 0);
    long after = builder.instance(builder.objectClass()).id();

    assertThat(second - first).isEqualTo(16);
    assertThat(bytes.id() - second).isEqualTo(24);
    assertThat(bytes.shallowSize()).isEqualTo(24);
    assertThat(longs.id() - bytes.id()).isEqualTo(24);
    assertThat(longs.shallowSize()).isEqualTo(32);
    assertThat(refs.shallowSize()).isEqualTo(32);
    assertThat(after - refs.id()).isEqualTo(32);
    assertThat(List.of(first, second, bytes.id(), longs.id(), refs.id(), after))
        .allSatisfy(id -> assertThat(id % 8).isZero());
  }

  @Test
  void uncompressedLayoutUsesWideHeadersAndReferences() {
    HeapDumpBuilder builder = HeapDumpBuilder.create().layout(Layout.UNCOMPRESSED);
    ClassHandle node =
        builder.defineClass(
            "com.acme.Node",
            builder.objectClass(),
            FieldSpec.ref("next"),
            FieldSpec.of("value", int.class));
    assertThat(builder.objectClass().instanceSize()).isEqualTo(16);
    assertThat(node.instanceSize()).isEqualTo(32);
    assertThat(builder.primitiveArray(new int[1]).shallowSize()).isEqualTo(32);
  }

  @Test
  void explicitAddressIsUsedOnceAndDuplicatesAreRejected() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    long bump = builder.instance(builder.objectClass()).id();
    Instance placed = builder.at(0x9_0000_0000L).instance(builder.objectClass());
    Instance next = builder.instance(builder.objectClass());
    Instance below = builder.at(0x6_0000_0000L).instance(builder.objectClass());
    assertThat(placed.id()).isEqualTo(0x9_0000_0000L);
    assertThat(next.id()).isEqualTo(0x9_0000_0010L);
    assertThat(below.id()).isEqualTo(0x6_0000_0000L);
    assertThat(builder.instance(builder.objectClass()).id()).isEqualTo(0x9_0000_0020L);
    assertThat(bump).isLessThan(placed.id());
    assertThatThrownBy(() -> builder.at(0x9_0000_0000L).instance(builder.objectClass()))
        .hasMessageContaining("already used");
  }

  @Test
  void fourByteIdsFitInThirtyTwoBits() {
    HeapDumpBuilder builder = HeapDumpBuilder.create().idSize(4).version(HprofWriter.VERSION_1_0_1);
    ClassHandle node =
        builder.defineClass("com.acme.Node", builder.objectClass(), FieldSpec.ref("next"));
    Instance tail = builder.instance(node);
    Instance head = builder.instance(node, tail);
    builder.root(HprofTag.ROOT_JNI_GLOBAL, head.id());

    Dump dump = Dump.parse(builder.toByteArray());
    assertThat(dump.version).isEqualTo("JAVA PROFILE 1.0.1");
    assertThat(dump.idSize).isEqualTo(4);
    assertThat(head.id()).isLessThan(1L << 32);
    Cursor fields = instanceFields(dump.object(head.id()), node.id());
    assertThat(fields.id()).isEqualTo(tail.id());
    assertThat(fields.remaining()).isZero();
    assertThat(dump.subs(HprofTag.ROOT_JNI_GLOBAL)).extracting(Sub::id).containsExactly(head.id());
    assertThatThrownBy(() -> builder.at(0x1_0000_0000L).instance(node))
        .hasMessageContaining("4-byte ids");
    assertThatThrownBy(() -> builder.idSize(8)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void objectsPerSegmentProducesManySegmentsEndedByHeapDumpEnd() {
    HeapDumpBuilder builder = HeapDumpBuilder.create().objectsPerSegment(3);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(builder.instance(builder.objectClass()).id());
    }
    Dump dump = Dump.parse(builder.toByteArray());
    int subRecords = dump.subs.size();
    assertThat(dump.records(HprofTag.HEAP_DUMP_SEGMENT)).hasSize((subRecords + 2) / 3);
    assertThat(dump.records.get(dump.records.size() - 1).tag()).isEqualTo(HprofTag.HEAP_DUMP_END);
    assertThat(dump.subs(HprofTag.INSTANCE_DUMP))
        .extracting(Sub::id)
        .containsExactlyElementsOf(ids);
  }

  @Test
  void heapDumpRecordsCanReplaceSegments() {
    HeapDumpBuilder builder = HeapDumpBuilder.create().useHeapDumpRecords();
    builder.instance(builder.objectClass());
    Dump dump = Dump.parse(builder.toByteArray());
    assertThat(dump.records(HprofTag.HEAP_DUMP)).hasSize(1);
    assertThat(dump.records(HprofTag.HEAP_DUMP_SEGMENT)).isEmpty();
    assertThat(dump.records(HprofTag.HEAP_DUMP_END)).isEmpty();
  }

  @Test
  void shuffledOrderIsAPermutationFixedBySeed() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      created.add(builder.primitiveArray(new int[] {i}).id());
    }
    byte[] inOrder = builder.toByteArray();
    byte[] shuffled = builder.shuffleObjects(42).toByteArray();
    List<Long> written =
        Dump.parse(shuffled).subs(HprofTag.PRIM_ARRAY_DUMP).stream()
            .map(Sub::id)
            .collect(Collectors.toList());

    assertThat(Dump.parse(inOrder).subs(HprofTag.PRIM_ARRAY_DUMP))
        .extracting(Sub::id)
        .containsExactlyElementsOf(created);
    assertThat(written).containsExactlyInAnyOrderElementsOf(created).isNotEqualTo(created);
    assertThat(builder.toByteArray()).isEqualTo(shuffled);
    assertThat(builder.objectsInCreationOrder().toByteArray()).isEqualTo(inOrder);
  }

  @Test
  void stringsUseLatin1WhenPossibleElseLittleEndianUtf16() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    Instance latin = builder.string("café");
    Instance utf16 = builder.string("€1");
    Dump dump = Dump.parse(builder.toByteArray());

    assertThat(stringValue(dump, latin.id(), builder)).containsExactly('c', 'a', 'f', 0xE9, 0);
    assertThat(stringValue(dump, utf16.id(), builder)).containsExactly(0xAC, 0x20, '1', 0, 1);
  }

  @Test
  void threadHasThreadObjectRootStackTraceFramesAndLocals() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    ClassHandle worker = builder.defineClass("com.acme.Worker", builder.objectClass());
    Instance local = builder.instance(worker);
    ThreadHandle thread =
        builder
            .thread("main")
            .set("daemon", true)
            .frame(worker, "step", "(I)V", "Worker.java", 12, local.id())
            .frame(worker, "run", "()V", "Worker.java", 30);
    Dump dump = Dump.parse(builder.toByteArray());

    List<Rec> frames = dump.records(HprofTag.STACK_FRAME);
    assertThat(frames).hasSize(2);
    Cursor step = frames.get(0).body(8);
    long stepFrameId = step.id();
    assertThat(dump.utf8.get(step.id())).isEqualTo("step");
    assertThat(dump.utf8.get(step.id())).isEqualTo("(I)V");
    assertThat(dump.utf8.get(step.id())).isEqualTo("Worker.java");
    assertThat(new int[] {step.u4(), step.u4()}).containsExactly(worker.serial(), 12);

    List<Rec> traces = dump.records(HprofTag.STACK_TRACE);
    assertThat(traces).hasSize(2);
    assertThat(traces.get(0).body()).hasSize(12).containsOnly(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    Cursor trace = traces.get(1).body(8);
    assertThat(new int[] {trace.u4(), trace.u4(), trace.u4()})
        .containsExactly(thread.stackTraceSerial(), thread.serial(), 2);
    assertThat(trace.id()).isEqualTo(stepFrameId);

    Sub threadRoot = dump.subs(HprofTag.ROOT_THREAD_OBJECT).get(0);
    assertThat(threadRoot.id()).isEqualTo(thread.id());
    Cursor root = threadRoot.rest();
    assertThat(new int[] {root.u4(), root.u4()})
        .containsExactly(thread.serial(), thread.stackTraceSerial());
    Sub frameRoot = dump.subs(HprofTag.ROOT_JAVA_FRAME).get(0);
    assertThat(frameRoot.id()).isEqualTo(local.id());
    Cursor frameRootFields = frameRoot.rest();
    assertThat(new int[] {frameRootFields.u4(), frameRootFields.u4()})
        .containsExactly(thread.serial(), 0);
    assertThat(dump.records(HprofTag.START_THREAD)).isEmpty();

    Cursor fields = instanceFields(dump.object(thread.id()), builder.threadClass().id());
    long nameId = fields.id();
    assertThat(new long[] {fields.u4(), fields.u1(), fields.u8()}).containsExactly(5, 1, 1);
    assertThat(stringValue(dump, nameId, builder)).containsExactly('m', 'a', 'i', 'n', 0);
  }

  @Test
  void objectArrayOfElementClassDefinesTheArrayClassOnce() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    ClassHandle inner = builder.defineClass("com.acme.Outer$Inner", builder.objectClass());
    Instance a = builder.instance(inner);
    ArrayObject array = builder.objectArray(inner, a.id(), 0);
    ArrayObject again = builder.objectArray(array.arrayClass(), a.id());
    ClassHandle ints = builder.defineClass("int[][]", builder.objectClass());
    Dump dump = Dump.parse(builder.toByteArray());

    assertThat(array.arrayClass()).isSameAs(again.arrayClass()).isSameAs(builder.arrayClass(inner));
    assertThat(array.arrayClass().dumpName()).isEqualTo("[Lcom/acme/Outer$Inner;");
    assertThat(ints.dumpName()).isEqualTo("[[I");
    assertThat(loadedClassNames(dump).values())
        .contains("com/acme/Outer$Inner", "[Lcom/acme/Outer$Inner;", "[[I");
    Cursor c = dump.object(array.id()).rest();
    assertThat(new long[] {c.u4(), c.u4(), c.id(), c.id(), c.id()})
        .containsExactly(1, 2, array.arrayClass().id(), a.id(), 0);
  }

  @Test
  void staticFieldsAndClassLoaderAreInTheClassDump() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    Instance cache = builder.instance(builder.objectClass());
    ClassHandle registry =
        builder
            .defineClass("com.acme.Registry", builder.objectClass())
            .staticField("CACHE", Object.class, cache)
            .staticField("COUNT", int.class, 7)
            .classLoader(0x1234);
    Dump dump = Dump.parse(builder.toByteArray());
    Cursor c = classDump(dump, registry.id()).rest();
    c.u4();
    assertThat(new long[] {c.id(), c.id()}).containsExactly(builder.objectClass().id(), 0x1234);
    c.skip(4 * 8);
    assertThat(new int[] {c.u4(), c.u2(), c.u2()}).containsExactly(0, 0, 2);
    assertThat(dump.utf8.get(c.id())).isEqualTo("CACHE");
    assertThat(new long[] {c.u1(), c.id()}).containsExactly(HprofTag.TYPE_OBJECT, cache.id());
    assertThat(dump.utf8.get(c.id())).isEqualTo("COUNT");
    assertThat(new long[] {c.u1(), c.u4()}).containsExactly(HprofTag.TYPE_INT, 7);
    assertThat(c.u2()).isZero();
  }

  @Test
  void rootsOfEveryKindAreWritten() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    long id = builder.instance(builder.objectClass()).id();
    builder
        .root(HprofTag.ROOT_UNKNOWN, id)
        .root(HprofTag.ROOT_JNI_GLOBAL, id)
        .root(HprofTag.ROOT_MONITOR_USED, id)
        .root(HprofTag.ROOT_JNI_LOCAL, id, 3, 4)
        .root(HprofTag.ROOT_JAVA_FRAME, id, 3, 5)
        .root(HprofTag.ROOT_NATIVE_STACK, id, 3, 0)
        .root(HprofTag.ROOT_THREAD_BLOCK, id, 3, 0)
        .stickyClass(builder.classClass());
    List<Sub> roots =
        Dump.parse(builder.toByteArray()).subs.stream()
            .filter(s -> s.id() == id && (s.tag() < 0x20 || s.tag() == 0xFF))
            .toList();
    assertThat(roots)
        .extracting(Sub::tag)
        .containsExactly(0xFF, 0x01, 0x07, 0x02, 0x03, 0x04, 0x06);
    assertThatThrownBy(() -> builder.root(HprofTag.ROOT_UNKNOWN, id, 1, 1))
        .hasMessageContaining("has no thread");
    assertThatThrownBy(() -> builder.root(0x42, id)).hasMessageContaining("root kind: 0x42");
  }

  @Test
  void writeToFileEqualsBytes() throws IOException {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    builder.string("hello");
    Path file = tmp.resolve("plain.hprof");
    builder.writeTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(builder.toByteArray());
  }

  @Test
  void gzipIsChunkedIntoIndependentMembersMarkedWithTheBlockSize()
      throws IOException, DataFormatException {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    for (int i = 0; i < 200; i++) {
      builder.string("value number " + i);
    }
    byte[] plain = builder.toByteArray();
    Path file = tmp.resolve("dump.hprof.gz");
    int chunk = 1000;
    builder.writeGzipTo(file, chunk);
    byte[] gz = Files.readAllBytes(file);

    List<byte[]> members = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    int pos = 0;
    while (pos < gz.length) {
      assertThat(new int[] {gz[pos] & 0xFF, gz[pos + 1] & 0xFF, gz[pos + 2]})
          .containsExactly(0x1f, 0x8b, 8);
      int flags = gz[pos + 3];
      assertThat(flags & ~0x10).isZero();
      pos += 10;
      String comment = null;
      if ((flags & 0x10) != 0) {
        int end = pos;
        while (gz[end] != 0) {
          end++;
        }
        comment = new String(gz, pos, end - pos, StandardCharsets.ISO_8859_1);
        pos = end + 1;
      }
      comments.add(comment);
      Inflater inflater = new Inflater(true);
      inflater.setInput(gz, pos, gz.length - pos);
      ByteArrayOutputStream member = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        assertThat(n > 0 || !inflater.needsInput()).isTrue();
        member.write(buffer, 0, n);
      }
      pos = gz.length - inflater.getRemaining();
      inflater.end();
      byte[] data = member.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(data);
      assertThat(littleEndianInt(gz, pos)).isEqualTo((int) crc.getValue());
      assertThat(littleEndianInt(gz, pos + 4)).isEqualTo(data.length);
      pos += 8;
      members.add(data);
    }

    assertThat(members).hasSize((plain.length + chunk - 1) / chunk);
    assertThat(members.subList(0, members.size() - 1))
        .allSatisfy(m -> assertThat(m).hasSize(chunk));
    assertThat(comments.get(0)).isEqualTo("HPROF BLOCKSIZE=1000");
    assertThat(comments.subList(1, comments.size())).containsOnlyNulls();
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] m : members) {
      joined.write(m);
    }
    assertThat(joined.toByteArray()).isEqualTo(plain);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }

  @Test
  void layoutKnobsCannotChangeOnceObjectsExist() {
    HeapDumpBuilder builder = HeapDumpBuilder.create();
    builder.objectClass();
    assertThatThrownBy(() -> builder.layout(Layout.UNCOMPRESSED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("layout");
    assertThatThrownBy(() -> builder.baseAddress(0x1000)).hasMessageContaining("baseAddress");
    assertThatThrownBy(() -> HeapDumpBuilder.create().objectsPerSegment(0))
        .hasMessageContaining("objectsPerSegment: 0");
  }

  // ---- helpers ----

  private static Map<Long, String> loadedClassNames(Dump dump) {
    Map<Long, String> names = new LinkedHashMap<>();
    for (Rec rec : dump.records(HprofTag.LOAD_CLASS)) {
      Cursor c = rec.body(dump.idSize);
      c.u4();
      long classId = c.id();
      c.u4();
      names.put(classId, dump.utf8.get(c.id()));
    }
    return names;
  }

  private static Sub classDump(Dump dump, long classId) {
    return dump.subs(HprofTag.CLASS_DUMP).stream()
        .filter(s -> s.id() == classId)
        .findFirst()
        .orElseThrow();
  }

  private static long superclassId(Sub classDump) {
    Cursor c = classDump.rest();
    c.u4();
    return c.id();
  }

  private static List<String> fieldNames(Dump dump, Sub classDump) {
    Cursor c = classDump.rest();
    c.skip(4 + 6L * dump.idSize + 4);
    assertThat(c.u2()).isZero();
    int statics = c.u2();
    for (int i = 0; i < statics; i++) {
      c.id();
      c.skip(HprofTag.valueSize(c.u1(), dump.idSize));
    }
    List<String> names = new ArrayList<>();
    int fields = c.u2();
    for (int i = 0; i < fields; i++) {
      names.add(dump.utf8.get(c.id()));
      c.u1();
    }
    return names;
  }

  /** Cursor at the field bytes of an INSTANCE_DUMP, after checking its class. */
  private static Cursor instanceFields(Sub instance, long classId) {
    assertThat(instance.tag()).isEqualTo(HprofTag.INSTANCE_DUMP);
    Cursor c = instance.rest();
    c.u4();
    assertThat(c.id()).isEqualTo(classId);
    int length = c.u4();
    assertThat(c.remaining()).isEqualTo(length);
    return c;
  }

  /** The value array's bytes followed by the coder. */
  private static int[] stringValue(Dump dump, long stringId, HeapDumpBuilder builder) {
    Cursor fields = instanceFields(dump.object(stringId), builder.stringClass().id());
    long valueId = fields.id();
    int coder = fields.u1();
    Cursor array = dump.object(valueId).rest();
    array.u4();
    int length = array.u4();
    assertThat(array.u1()).isEqualTo(HprofTag.TYPE_BYTE);
    int[] out = new int[length + 1];
    for (int i = 0; i < length; i++) {
      out[i] = array.u1();
    }
    out[length] = coder;
    return out;
  }

  private static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xFF)
        | (b[at + 1] & 0xFF) << 8
        | (b[at + 2] & 0xFF) << 16
        | (b[at + 3] & 0xFF) << 24;
  }
}
