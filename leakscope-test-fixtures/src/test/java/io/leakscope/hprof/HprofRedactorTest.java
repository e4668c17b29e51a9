package io.leakscope.hprof;

import static io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec.of;
import static io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HprofRedactorTest {
  private static final String SECRET = "s3cr3t-Token-4711";

  /** A string literal: HotSpot writes it as a UTF8 record that no record refers to. */
  private static final String LITERAL = "sk_live_literal_in_code";

  @TempDir Path dir;

  /**
   * What a reader sees in a dump: the structure (ids, classes, lengths, in order) and, separately,
   * the values (instance fields by object and name, static fields, array contents).
   */
  static final class Decoded implements HprofVisitor {
    final List<String> structure = new ArrayList<>();
    final Map<String, Long> fields = new LinkedHashMap<>();
    final Map<String, Long> statics = new LinkedHashMap<>();

    /** "Class.field" of every primitive instance field and static field. */
    final Set<String> primitives = new java.util.HashSet<>();

    final ByteArrayOutputStream arrayContents = new ByteArrayOutputStream();
    final Map<String, long[]> arraysByType = new LinkedHashMap<>();
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> classNames = new HashMap<>();
    private final Map<Long, ClassDump> classes = new HashMap<>();

    @Override
    public void utf8(long id, String text) {
      strings.put(id, text);
    }

    @Override
    public void loadClass(int serial, long classId, int stackSerial, long nameId) {
      classNames.put(classId, strings.get(nameId));
    }

    @Override
    public void classDump(ClassDump d, long offset) {
      classes.put(d.id(), d);
      structure.add("class " + classNames.get(d.id()) + " super " + d.superId());
      for (int i = 0; i < d.staticNameIds().length; i++) {
        String name = classNames.get(d.id()) + "." + strings.get(d.staticNameIds()[i]);
        statics.put(name, d.staticValues()[i]);
        if (d.staticTypes()[i] != HprofTag.TYPE_OBJECT) {
          primitives.add(name);
        }
      }
    }

    @Override
    public void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes)
        throws IOException {
      structure.add("instance " + id + " of " + classNames.get(classId) + " " + fieldBytes);
      for (ClassDump c = classes.get(classId); c != null; c = classes.get(c.superId())) {
        for (int i = 0; i < c.fieldTypes().length; i++) {
          long v = in.value(c.fieldTypes()[i]);
          String name = classNames.get(c.id()) + "." + strings.get(c.fieldNameIds()[i]);
          fields.put(id + ":" + name, v);
          if (c.fieldTypes()[i] != HprofTag.TYPE_OBJECT) {
            primitives.add(name);
          }
        }
      }
    }

    @Override
    public void objectArrayDump(long id, long cls, int length, long offset, RecordInput in)
        throws IOException {
      StringBuilder s = new StringBuilder("objects " + id + " of " + classNames.get(cls) + ":");
      for (int i = 0; i < length; i++) {
        s.append(' ').append(in.id());
      }
      structure.add(s.toString());
    }

    @Override
    public void primitiveArrayDump(long id, int type, int length, long offset, RecordInput in)
        throws IOException {
      structure.add(HprofTag.primitiveName(type) + "[" + length + "] " + id);
      int bytes = length * HprofTag.valueSize(type, in.idSize());
      byte[] b = new byte[bytes];
      in.readFully(b, 0, bytes);
      arrayContents.write(b, 0, bytes);
      long[] totals = arraysByType.computeIfAbsent(HprofTag.primitiveName(type), t -> new long[2]);
      totals[0]++;
      totals[1] += bytes;
    }

    boolean arraysAllZero() {
      for (byte b : arrayContents.toByteArray()) {
        if (b != 0) {
          return false;
        }
      }
      return true;
    }
  }

  private static Decoded decode(Path dump) throws IOException {
    Decoded d = new Decoded();
    try (HprofFile f = HprofFile.open(dump)) {
      HprofReader.read(f, d, ProgressListener.NONE, "test");
    }
    return d;
  }

  /** A heap with a secret in a String, a char[], a byte[], numbers in fields and statics. */
  private static HeapDumpBuilder heapWithSecrets(HeapDumpBuilder b) {
    HeapDumpBuilder.Instance secret = b.string(SECRET).set("hash", SECRET.hashCode());
    ClassHandle holder =
        b.defineClass(
            "com.acme.Holder",
            b.objectClass(),
            ref("token"),
            ref("chars"),
            ref("bytes"),
            of("pin", int.class),
            of("key", long.class),
            of("ratio", double.class),
            of("hash", int.class));
    holder.staticField("LIMIT", int.class, 1234).staticField("INSTANCE", Object.class, 0L);
    ClassHandle abstractList =
        b.defineClass("java.util.AbstractList", b.objectClass(), of("modCount", int.class));
    ClassHandle arrayList =
        b.defineClass(
            "java.util.ArrayList", abstractList, ref("elementData"), of("size", int.class));
    HeapDumpBuilder.Instance h =
        b.instance(
            holder,
            secret,
            b.primitiveArray(SECRET.toCharArray()),
            b.primitiveArray(SECRET.getBytes(StandardCharsets.ISO_8859_1)),
            4711,
            0x1122334455667788L,
            0.25,
            -99);
    HeapDumpBuilder.Instance list =
        b.instance(arrayList, b.objectArray(b.objectClass(), h.id(), 0L), 1, 7);
    b.primitiveArray(new int[] {1, 2, 3}).id();
    b.primitiveArray(new long[] {Long.MAX_VALUE});
    b.string("\u20ac uses UTF16");
    b.nameId(LITERAL);
    b.root(HprofTag.ROOT_JNI_GLOBAL, list.id());
    b.thread("worker-" + SECRET).frame(holder, "run", "()V", "Holder.java", 12, h.id());
    return b;
  }

  private Path built(String name, HeapDumpBuilder b) throws IOException {
    Path p = dir.resolve(name);
    b.writeTo(p);
    return p;
  }

  private RedactionReport redact(Path in, Path out, HprofRedactor.Options options)
      throws IOException {
    try (OutputStream o = Files.newOutputStream(out)) {
      return HprofRedactor.redact(in, o, options, ProgressListener.NONE);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void arrayContentsAndHashesAreZeroedAndEverythingElseIsKept() throws IOException {
    Path original = built("a.hprof", heapWithSecrets(HeapDumpBuilder.create()));
    Path redacted = dir.resolve("r.hprof");
    RedactionReport report = redact(original, redacted, HprofRedactor.Options.defaults());

    byte[] before = Files.readAllBytes(original);
    byte[] after = Files.readAllBytes(redacted);
    assertThat(after).hasSameSizeAs(before);
    assertThat(report.dumpBytes()).isEqualTo(before.length);
    byte[] latin1 = SECRET.getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf16 = SECRET.getBytes(StandardCharsets.UTF_16BE);
    assertThat(contains(before, latin1)).as("the oracle finds the secret in the original").isTrue();
    assertThat(contains(before, utf16)).as("the oracle finds the char[] in the original").isTrue();
    assertThat(contains(after, latin1)).isFalse();
    assertThat(contains(after, utf16)).isFalse();
    byte[] literal = LITERAL.getBytes(StandardCharsets.UTF_8);
    assertThat(contains(before, literal)).isTrue();
    assertThat(contains(after, literal)).isFalse();
    assertThat(report.unreferencedNames()).isEqualTo(1);

    Decoded a = decode(original);
    Decoded r = decode(redacted);
    assertThat(r.structure).isEqualTo(a.structure);
    assertThat(a.arraysAllZero()).isFalse();
    assertThat(r.arraysAllZero()).isTrue();
    assertThat(r.statics).isEqualTo(a.statics);
    Set<String> zeroed =
        Set.of("java/lang/String.hash", "java/lang/String.hashIsZero", "com/acme/Holder.hash");
    assertFieldsZeroedExactly(a, r, zeroed);
    assertThat(a.fields.values().stream().filter(v -> v == SECRET.hashCode())).hasSize(1);

    // the report counts what the reader sees
    assertThat(report.arrays())
        .extracting(t -> t.elementType() + " " + t.count() + " " + t.bytes())
        .containsExactlyElementsOf(
            a.arraysByType.entrySet().stream()
                .sorted(
                    Map.Entry.comparingByKey(Comparator.comparingInt(HprofRedactorTest::typeOrder)))
                .map(e -> e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1])
                .toList());
    assertThat(report.arrayBytes()).isEqualTo(a.arrayContents.size());
    long strings =
        a.fields.keySet().stream().filter(k -> k.endsWith("java/lang/String.hash")).count();
    assertThat(report.hashFields()).isEqualTo(2 * strings + 1);
    assertThat(report.primitiveFields()).isZero();
    assertThat(report.staticFields()).isZero();
    assertThat(report.instancesNotInspected()).isZero();
  }

  private static int typeOrder(String primitiveName) {
    return List.of("boolean", "char", "float", "double", "byte", "short", "int", "long")
        .indexOf(primitiveName);
  }

  /** Fields named in {@code zeroed} ("Class.field") are 0 after; every other field is unchanged. */
  private static void assertFieldsZeroedExactly(Decoded a, Decoded r, Set<String> zeroed) {
    assertThat(r.fields.keySet()).isEqualTo(a.fields.keySet());
    for (Map.Entry<String, Long> e : a.fields.entrySet()) {
      String field = e.getKey().substring(e.getKey().indexOf(':') + 1);
      long expected = zeroed.contains(field) ? 0 : e.getValue();
      assertThat(r.fields.get(e.getKey())).as(e.getKey()).isEqualTo(expected);
    }
  }

  @Test
  void withFieldsEveryPrimitiveFieldIsZeroedButTheOnesTheAnalysisReads() throws IOException {
    Path original = built("a.hprof", heapWithSecrets(HeapDumpBuilder.create()));
    Path redacted = dir.resolve("r.hprof");
    RedactionReport report = redact(original, redacted, new HprofRedactor.Options(true, false));

    Decoded a = decode(original);
    Decoded r = decode(redacted);
    assertThat(r.structure).isEqualTo(a.structure);
    assertThat(r.arraysAllZero()).isTrue();
    assertThat(Files.size(redacted)).isEqualTo(Files.size(original));
    // references are kept, every primitive is zeroed except String.coder and ArrayList.size
    Set<String> kept = Set.of("java/lang/String.coder", "java/util/ArrayList.size");
    Set<String> zeroed = new java.util.HashSet<>(a.primitives);
    zeroed.removeAll(kept);
    assertThat(zeroed)
        .contains("com/acme/Holder.pin", "com/acme/Holder.key", "java/util/AbstractList.modCount");
    assertFieldsZeroedExactly(a, r, zeroed);
    assertThat(a.fields).containsValue(4711L).containsValue(7L);
    assertThat(r.fields).doesNotContainValue(4711L).doesNotContainValue(7L); // pin, modCount
    assertThat(a.statics).containsEntry("com/acme/Holder.LIMIT", 1234L);
    assertThat(r.statics).containsEntry("com/acme/Holder.LIMIT", 0L);
    assertThat(report.staticFields())
        .isEqualTo(a.statics.keySet().stream().filter(a.primitives::contains).count());
    assertThat(r.statics.get("com/acme/Holder.INSTANCE"))
        .isEqualTo(a.statics.get("com/acme/Holder.INSTANCE"));
    assertThat(report.primitiveFields()).isPositive();
  }

  @Test
  void gzipInputOfEitherKindGivesTheSameCopyAsThePlainDump() throws IOException {
    HeapDumpBuilder b = heapWithSecrets(HeapDumpBuilder.create());
    Path plain = built("a.hprof", b);
    Path chunked = dir.resolve("a.hprof.gz");
    b.writeGzipTo(chunked, 1000);
    Path single = dir.resolve("single.hprof.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(single))) {
      Files.copy(plain, o);
    }
    byte[] expected = redactToBytes(plain, HprofRedactor.Options.defaults());
    assertThat(redactToBytes(chunked, HprofRedactor.Options.defaults())).isEqualTo(expected);
    assertThat(redactToBytes(single, HprofRedactor.Options.defaults())).isEqualTo(expected);
  }

  private byte[] redactToBytes(Path in, HprofRedactor.Options options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HprofRedactor.redact(in, out, options, ProgressListener.NONE);
    return out.toByteArray();
  }

  @Test
  void gzipOutputIsChunkedLikeJcmdAndInflatesToThePlainCopy() throws IOException {
    Path plain = built("a.hprof", heapWithSecrets(HeapDumpBuilder.create().idSize(4)));
    byte[] expected = redactToBytes(plain, HprofRedactor.Options.defaults());
    Path gz = dir.resolve("r.hprof.gz");
    redact(plain, gz, new HprofRedactor.Options(false, true));

    byte[] header = Arrays.copyOf(Files.readAllBytes(gz), 40);
    assertThat(new String(header, StandardCharsets.ISO_8859_1)).contains("HPROF BLOCKSIZE=1048576");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
    assertThat(decode(gz).arraysAllZero()).isTrue();
  }

  @Test
  void outputIsFlushedButNotClosed() throws IOException {
    Path plain = built("a.hprof", heapWithSecrets(HeapDumpBuilder.create()));
    boolean[] closed = {false};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream out =
        new java.io.FilterOutputStream(bytes) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    HprofRedactor.redact(plain, out, new HprofRedactor.Options(false, true), ProgressListener.NONE);
    assertThat(closed[0]).isFalse();
    assertThat(bytes.size()).isPositive();
  }

  @Test
  void truncatedDumpReportsTheOffset() throws IOException {
    byte[] whole = heapWithSecrets(HeapDumpBuilder.create()).toByteArray();
    Path cut = dir.resolve("cut.hprof");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 37));
    assertThatThrownBy(() -> redactToBytes(cut, HprofRedactor.Options.defaults()))
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("HEAP_DUMP_SEGMENT at 0x")
        .hasMessageContaining("runs past end of file");

    Path cutGzip = dir.resolve("cut.hprof.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(cutGzip))) {
      o.write(whole, 0, whole.length - 37);
    }
    assertThatThrownBy(() -> redactToBytes(cutGzip, HprofRedactor.Options.defaults()))
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("dump ends at 0x" + Long.toHexString(whole.length - 37));
  }

  @Test
  void unknownSubRecordIsAFormatError() throws IOException {
    byte[] dump = heapWithSecrets(HeapDumpBuilder.create()).toByteArray();
    Path bad = dir.resolve("bad.hprof");
    // the first heap sub-record's tag, right after the first HEAP_DUMP_SEGMENT header
    int segment = firstRecord(dump, HprofTag.HEAP_DUMP_SEGMENT);
    dump[segment + 9] = 0x55;
    Files.write(bad, dump);
    assertThatThrownBy(() -> redactToBytes(bad, HprofRedactor.Options.defaults()))
        .isInstanceOf(HprofFormatException.class)
        .hasMessageContaining("unknown sub-record tag 0x55")
        .hasMessageContaining("at 0x" + Long.toHexString(segment + 9));
  }

  /** Offset of the first top-level record with {@code tag}, walking record lengths. */
  private static int firstRecord(byte[] dump, int tag) {
    int p = 0;
    while (dump[p] != 0) {
      p++;
    }
    p += 1 + 4 + 8;
    while (p < dump.length) {
      if ((dump[p] & 0xff) == tag) {
        return p;
      }
      long len =
          ((dump[p + 5] & 0xffL) << 24)
              | ((dump[p + 6] & 0xff) << 16)
              | ((dump[p + 7] & 0xff) << 8)
              | (dump[p + 8] & 0xff);
      p += 9 + (int) len;
    }
    throw new AssertionError("no record " + tag);
  }
}
