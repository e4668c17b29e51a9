package io.leakscope.testing.hprof;

import io.leakscope.hprof.ChunkedGzipOutputStream;
import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.internal.AddressSpace;
import io.leakscope.testing.hprof.internal.ClassNames;
import io.leakscope.testing.hprof.internal.FieldPacking;
import io.leakscope.testing.hprof.internal.FieldValues;
import io.leakscope.testing.hprof.internal.RecordBuffer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Builds small, realistic heap dumps in code for tests: classes, instances, arrays, strings,
 * threads with stack frames, and GC roots, written as a HotSpot-like HPROF file.
 *
 * <p>Every dump holds the classes {@code java.lang.Object}, {@code Class}, {@code String}, {@code
 * ref.Reference}, {@code ref.WeakReference}, {@code ref.SoftReference}, {@code Thread}, the
 * primitive array classes and {@code Object[]}, each with UTF8, LOAD_CLASS, CLASS_DUMP and a
 * ROOT_STICKY_CLASS, as HotSpot writes for boot classes. Objects get heap addresses from a bump
 * pointer that advances by each object's real JVM size under the configured {@link Layout}, so that
 * address spacing and modelled shallow sizes agree; {@link #at(long)} places one object explicitly.
 * Class mirrors take the same address space with a nominal size of {@value #CLASS_MIRROR_BYTES}
 * bytes.
 *
 * <p>Configure first ({@link #idSize}, {@link #layout}, {@link #baseAddress} throw {@link
 * IllegalStateException} once the first class or object exists); output options may be changed
 * until the dump is written, and the builder may be written more than once. Handles stay mutable
 * (field values, static fields, frames) until the dump is written. Not thread-safe.
 */
public final class HeapDumpBuilder {
  /** First address with 8-byte ids. */
  public static final long DEFAULT_BASE_ADDRESS = 0x7_0000_0000L;

  /** First address with 4-byte ids (ids must fit in 32 bits). */
  public static final long DEFAULT_BASE_ADDRESS_32 = 0x1000_0000L;

  /** Address space taken by each class mirror. */
  public static final int CLASS_MIRROR_BYTES = 96;

  /** Stack trace serial of HotSpot's empty "dummy" trace that objects and classes refer to. */
  public static final int DUMMY_STACK_TRACE_SERIAL = 1;

  /** Anything in the dump with an id: a class, instance, array or thread. */
  public interface HeapObject {
    /** The object's id in the dump, which is its heap address. */
    long id();
  }

  /**
   * A field: name and basic type ({@link HprofTag#TYPE_OBJECT}, {@link HprofTag#TYPE_INT}, ...).
   */
  public record FieldSpec(String name, int type) {
    public FieldSpec {
      Objects.requireNonNull(name, "name");
      if (HprofTag.valueSize(type, 8) < 0) {
        throw new IllegalArgumentException(
            "type of " + name + ": " + type + " (expected: 2, 4..11)");
      }
    }

    /** A reference field. */
    public static FieldSpec ref(String name) {
      return new FieldSpec(name, HprofTag.TYPE_OBJECT);
    }

    /** A field of the given Java type: {@code int.class} etc., any other class is a reference. */
    public static FieldSpec of(String name, Class<?> javaType) {
      return new FieldSpec(name, basicType(javaType));
    }

    static int basicType(Class<?> t) {
      if (!t.isPrimitive()) {
        return HprofTag.TYPE_OBJECT;
      }
      if (t == boolean.class) return HprofTag.TYPE_BOOLEAN;
      if (t == char.class) return HprofTag.TYPE_CHAR;
      if (t == float.class) return HprofTag.TYPE_FLOAT;
      if (t == double.class) return HprofTag.TYPE_DOUBLE;
      if (t == byte.class) return HprofTag.TYPE_BYTE;
      if (t == short.class) return HprofTag.TYPE_SHORT;
      if (t == int.class) return HprofTag.TYPE_INT;
      if (t == long.class) return HprofTag.TYPE_LONG;
      throw new IllegalArgumentException("field type: void (expected: a value type)");
    }
  }

  /**
   * The JVM object layout used for sizes and address spacing: header bytes, reference bytes, array
   * header bytes (where elements start) and object alignment (a power of two).
   */
  public record Layout(int headerBytes, int referenceBytes, int arrayHeaderBytes, int alignment) {
    /** 64-bit HotSpot with compressed oops and compressed class pointers (the default). */
    public static final Layout COMPRESSED_OOPS = new Layout(12, 4, 16, 8);

    /** 64-bit HotSpot without compressed oops or class pointers. */
    public static final Layout UNCOMPRESSED = new Layout(16, 8, 24, 8);

    public Layout {
      if (alignment < 8 || Integer.bitCount(alignment) != 1) {
        throw new IllegalArgumentException("alignment: " + alignment + " (expected: 8, 16, 32...)");
      }
      if (referenceBytes != 4 && referenceBytes != 8) {
        throw new IllegalArgumentException(
            "referenceBytes: " + referenceBytes + " (expected: 4 or 8)");
      }
    }

    /** Bytes a field of basic type {@code type} takes in an object. */
    public int fieldBytes(int type) {
      return type == HprofTag.TYPE_OBJECT ? referenceBytes : HprofTag.valueSize(type, 8);
    }

    /** Size of an array of {@code length} elements of {@code elementType}. */
    public long arrayBytes(int elementType, long length) {
      return FieldPacking.alignUp(arrayHeaderBytes + length * fieldBytes(elementType), alignment);
    }
  }

  // configuration
  private int idSize = 8;
  private String version = HprofWriter.VERSION_1_0_2;
  private long timestampMillis = 1_700_000_000_000L;
  private int objectsPerSegment = Integer.MAX_VALUE;
  private boolean segmented = true;
  private Long shuffleSeed;
  private Layout layout = Layout.COMPRESSED_OOPS;
  private long baseAddress = -1;

  // content
  private boolean started;
  private AddressSpace addresses;
  private long explicitAddress;
  private long nextSymbolId;
  private final Map<String, Long> names = new LinkedHashMap<>();
  private final List<ClassHandle> classes = new ArrayList<>();
  private final Map<ClassHandle, ClassHandle> arrayClassOf = new IdentityHashMap<>();
  private final Map<Integer, ClassHandle> primitiveArrayClasses = new LinkedHashMap<>();
  private final List<Dumpable> objects = new ArrayList<>();
  private final List<long[]> roots = new ArrayList<>(); // {tag, id, a, b}
  private final List<ThreadHandle> threads = new ArrayList<>();
  private ClassHandle objectClass;
  private ClassHandle classClass;
  private ClassHandle stringClass;
  private ClassHandle referenceClass;
  private ClassHandle weakReferenceClass;
  private ClassHandle softReferenceClass;
  private ClassHandle threadClass;

  private HeapDumpBuilder() {}

  /** A builder with 8-byte ids, version 1.0.2, segmented heap dump, objects in creation order. */
  public static HeapDumpBuilder create() {
    return new HeapDumpBuilder();
  }

  // ---- configuration ----

  /**
   * Identifier size, 4 or 8 (default 8). With 4, addresses start at {@link
   * #DEFAULT_BASE_ADDRESS_32}.
   */
  public HeapDumpBuilder idSize(int idSize) {
    requireNotStarted("idSize");
    if (idSize != 4 && idSize != 8) {
      throw new IllegalArgumentException("idSize: " + idSize + " (expected: 4 or 8)");
    }
    this.idSize = idSize;
    return this;
  }

  /** Header version string, e.g. {@link HprofWriter#VERSION_1_0_1} (default 1.0.2). */
  public HeapDumpBuilder version(String version) {
    this.version = Objects.requireNonNull(version, "version");
    return this;
  }

  public HeapDumpBuilder timestamp(long millis) {
    this.timestampMillis = millis;
    return this;
  }

  /**
   * Ends a heap-dump record after every {@code count} sub-records (class dumps, roots and objects
   * alike), to produce many segments. Default: unbounded (the writer still splits at 1 MiB).
   */
  public HeapDumpBuilder objectsPerSegment(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("objectsPerSegment: " + count + " (expected: 1+)");
    }
    this.objectsPerSegment = count;
    return this;
  }

  /** Writes HEAP_DUMP records (as JDK 5 did) instead of HEAP_DUMP_SEGMENT + HEAP_DUMP_END. */
  public HeapDumpBuilder useHeapDumpRecords() {
    this.segmented = false;
    return this;
  }

  /**
   * Writes instances and arrays in an order shuffled with {@code seed}, as parallel dumps are not
   * in address order. Class dumps and roots still come first.
   */
  public HeapDumpBuilder shuffleObjects(long seed) {
    this.shuffleSeed = seed;
    return this;
  }

  /** Writes instances and arrays in creation order (the default). */
  public HeapDumpBuilder objectsInCreationOrder() {
    this.shuffleSeed = null;
    return this;
  }

  public HeapDumpBuilder layout(Layout layout) {
    requireNotStarted("layout");
    this.layout = Objects.requireNonNull(layout, "layout");
    return this;
  }

  /** First heap address (aligned to the layout's alignment). */
  public HeapDumpBuilder baseAddress(long address) {
    requireNotStarted("baseAddress");
    if (address <= 0) {
      throw new IllegalArgumentException("baseAddress: " + address + " (expected: 1+)");
    }
    this.baseAddress = address;
    return this;
  }

  /**
   * Places the next class or object created at {@code address} instead of the bump pointer. If it
   * lies at or above the bump pointer, the bump pointer continues after it.
   */
  public HeapDumpBuilder at(long address) {
    start();
    if (address == 0) {
      throw new IllegalArgumentException("address: 0 (expected: non-zero)");
    }
    this.explicitAddress = address;
    return this;
  }

  public int idSize() {
    return idSize;
  }

  public Layout layout() {
    return layout;
  }

  // ---- predefined classes ----

  public ClassHandle objectClass() {
    start();
    return objectClass;
  }

  public ClassHandle classClass() {
    start();
    return classClass;
  }

  /**
   * {@code java.lang.String}: {@code value} (byte[]), {@code coder}, {@code hash}, {@code
   * hashIsZero}.
   */
  public ClassHandle stringClass() {
    start();
    return stringClass;
  }

  /**
   * {@code java.lang.ref.Reference}: {@code referent}, {@code queue}, {@code next}, {@code
   * discovered}.
   */
  public ClassHandle referenceClass() {
    start();
    return referenceClass;
  }

  public ClassHandle weakReferenceClass() {
    start();
    return weakReferenceClass;
  }

  /** {@code java.lang.ref.SoftReference}: adds {@code timestamp} (long). */
  public ClassHandle softReferenceClass() {
    start();
    return softReferenceClass;
  }

  /**
   * {@code java.lang.Thread}: {@code name}, {@code priority}, {@code daemon}, {@code tid}, {@code
   * threadLocals}, {@code contextClassLoader}.
   */
  public ClassHandle threadClass() {
    start();
    return threadClass;
  }

  /** The array class for a primitive element type ({@link HprofTag#TYPE_INT} gives {@code [I}). */
  public ClassHandle primitiveArrayClass(int elementType) {
    start();
    ClassHandle c = primitiveArrayClasses.get(elementType);
    if (c == null) {
      throw new IllegalArgumentException("elementType: " + elementType + " (expected: 4..11)");
    }
    return c;
  }

  /** The object-array class whose elements are {@code elementClass}, defined on first use. */
  public ClassHandle arrayClass(ClassHandle elementClass) {
    requireOwn(elementClass);
    ClassHandle array = arrayClassOf.get(elementClass);
    if (array == null) {
      String en = elementClass.dumpName();
      String name = en.startsWith("[") ? "[" + en : "[L" + en + ";";
      array =
          define(
              name, elementClass.javaName() + "[]", objectClass, List.of(), HprofTag.TYPE_OBJECT);
      arrayClassOf.put(elementClass, array);
    }
    return array;
  }

  // ---- classes and objects ----

  /**
   * Defines a class with a CLASS_DUMP, LOAD_CLASS and UTF8 name.
   *
   * @param javaName Java form ({@code com.acme.Outer$Inner}, {@code int[]}) or a descriptor ({@code
   *     [Lcom.acme.Node;}); written in the dump's {@code /} form. Names may repeat (class loaders).
   * @param superclass null only for a root class
   * @param instanceFields the class's own instance fields, in declaration order
   */
  public ClassHandle defineClass(
      String javaName, ClassHandle superclass, FieldSpec... instanceFields) {
    start();
    if (superclass != null) {
      requireOwn(superclass);
    }
    String dumpName = ClassNames.toDumpName(javaName);
    if (dumpName.startsWith("[") && instanceFields.length > 0) {
      throw new IllegalArgumentException(javaName + ": array classes have no instance fields");
    }
    int elementType = dumpName.startsWith("[") ? ClassNames.elementType(dumpName) : 0;
    return define(dumpName, javaName, superclass, List.of(instanceFields), elementType);
  }

  /**
   * A new instance; {@code fieldValues} are given in HPROF order: the class's own declared fields
   * first, then its superclass's, up the chain. Missing trailing values are 0/null. References are
   * {@code Long} ids or {@link HeapObject}s; primitives boxed.
   */
  public Instance instance(ClassHandle cls, Object... fieldValues) {
    requireOwn(cls);
    if (cls.elementType != 0) {
      throw new IllegalArgumentException(
          cls.dumpName() + " is an array class; use objectArray/primitiveArray");
    }
    if (fieldValues.length > cls.dumpFields.size()) {
      throw new IllegalArgumentException(
          cls.javaName()
              + ": "
              + fieldValues.length
              + " values (expected: at most "
              + cls.dumpFields.size()
              + ")");
    }
    Instance instance = new Instance(allocate(cls.instanceSize()), cls);
    for (int i = 0; i < fieldValues.length; i++) {
      instance.setSlot(i, fieldValues[i]);
    }
    objects.add(instance);
    return instance;
  }

  /**
   * An object array. An object-array class ({@code [L...;}, {@code [[...}) is used as the array's
   * class; any other class is taken as the element class.
   */
  public ArrayObject objectArray(ClassHandle arrayOrElementClass, long... elementIds) {
    requireOwn(arrayOrElementClass);
    ClassHandle arrayClass =
        arrayOrElementClass.elementType == HprofTag.TYPE_OBJECT
            ? arrayOrElementClass
            : arrayClass(arrayOrElementClass);
    long size = layout.arrayBytes(HprofTag.TYPE_OBJECT, elementIds.length);
    return add(
        new ArrayObject(allocate(size), arrayClass, elementIds.length, size, elementIds.clone()));
  }

  /** A primitive array of {@code length} zero elements of {@code elementType}. */
  public ArrayObject primitiveArray(int elementType, int length) {
    ClassHandle cls = primitiveArrayClass(elementType);
    if (length < 0) {
      throw new IllegalArgumentException("length: " + length + " (expected: 0+)");
    }
    long size = layout.arrayBytes(elementType, length);
    return add(new ArrayObject(allocate(size), cls, length, size, null));
  }

  public ArrayObject primitiveArray(boolean[] values) {
    return primitiveArray(HprofTag.TYPE_BOOLEAN, values.length, values.clone());
  }

  public ArrayObject primitiveArray(char[] values) {
    return primitiveArray(HprofTag.TYPE_CHAR, values.length, values.clone());
  }

  public ArrayObject primitiveArray(float[] values) {
    return primitiveArray(HprofTag.TYPE_FLOAT, values.length, values.clone());
  }

  public ArrayObject primitiveArray(double[] values) {
    return primitiveArray(HprofTag.TYPE_DOUBLE, values.length, values.clone());
  }

  public ArrayObject primitiveArray(byte[] values) {
    return primitiveArray(HprofTag.TYPE_BYTE, values.length, values.clone());
  }

  public ArrayObject primitiveArray(short[] values) {
    return primitiveArray(HprofTag.TYPE_SHORT, values.length, values.clone());
  }

  public ArrayObject primitiveArray(int[] values) {
    return primitiveArray(HprofTag.TYPE_INT, values.length, values.clone());
  }

  public ArrayObject primitiveArray(long[] values) {
    return primitiveArray(HprofTag.TYPE_LONG, values.length, values.clone());
  }

  /**
   * A {@code java.lang.String} and its {@code byte[] value}: LATIN1 (coder 0) if every char is
   * below 0x100, else UTF16 (coder 1) with chars little-endian, as an x86/aarch64 JVM stores them.
   */
  public Instance string(String text) {
    boolean latin1 = text.chars().allMatch(c -> c < 0x100);
    byte[] value = new byte[latin1 ? text.length() : text.length() * 2];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (latin1) {
        value[i] = (byte) c;
      } else {
        value[2 * i] = (byte) c;
        value[2 * i + 1] = (byte) (c >>> 8);
      }
    }
    Instance string = instance(stringClass());
    string.set("value", primitiveArray(value)).set("coder", (byte) (latin1 ? 0 : 1));
    return string;
  }

  /**
   * A {@code java.lang.Thread} named {@code name} (a new String), with a ROOT_THREAD_OBJECT, its
   * own stack trace and, per {@link ThreadHandle#frame frame}, STACK_FRAME records and
   * ROOT_JAVA_FRAME roots for the frame's locals. No START_THREAD record is written, as with
   * HotSpot.
   */
  public ThreadHandle thread(String name) {
    Instance t = instance(threadClass());
    int serial = threads.size() + 1;
    t.set("name", string(name)).set("priority", 5).set("tid", (long) serial);
    ThreadHandle handle = new ThreadHandle(this, t, serial, DUMMY_STACK_TRACE_SERIAL + serial);
    threads.add(handle);
    return handle;
  }

  // ---- roots ----

  /**
   * A GC root of {@code kind} ({@link HprofTag#ROOT_UNKNOWN}, {@code ROOT_JNI_GLOBAL}, ...) with
   * zero thread serial and frame; a JNI global gets a made-up global ref id.
   */
  public HeapDumpBuilder root(int kind, long objectId) {
    long extra = kind == HprofTag.ROOT_JNI_GLOBAL ? newSymbolId() : 0;
    return addRoot(kind, objectId, extra, 0);
  }

  /**
   * A GC root with a thread: {@code ROOT_JNI_LOCAL}/{@code ROOT_JAVA_FRAME} (thread serial, frame
   * number), {@code ROOT_NATIVE_STACK}/{@code ROOT_THREAD_BLOCK} (thread serial; frame ignored),
   * {@code ROOT_THREAD_OBJECT} (thread serial, stack trace serial).
   */
  public HeapDumpBuilder root(int kind, long objectId, int threadSerial, int frame) {
    switch (kind) {
      case HprofTag.ROOT_JNI_LOCAL:
      case HprofTag.ROOT_JAVA_FRAME:
      case HprofTag.ROOT_NATIVE_STACK:
      case HprofTag.ROOT_THREAD_BLOCK:
      case HprofTag.ROOT_THREAD_OBJECT:
        return addRoot(kind, objectId, threadSerial, frame);
      default:
        throw new IllegalArgumentException(
            HprofTag.subRecordName(kind) + " has no thread (expected: a thread-local root kind)");
    }
  }

  /** A ROOT_STICKY_CLASS for {@code cls}. */
  public HeapDumpBuilder stickyClass(ClassHandle cls) {
    requireOwn(cls);
    return addRoot(HprofTag.ROOT_STICKY_CLASS, cls.id(), 0, 0);
  }

  // ---- output ----

  /** The dump as bytes. */
  public byte[] toByteArray() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writeTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public void writeTo(Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      writeTo(out);
    }
  }

  /**
   * Writes the dump as {@code jcmd GC.heap_dump -gz=1} does: independent gzip members of {@code
   * chunkBytes} uncompressed bytes each, the first carrying the comment {@code HPROF
   * BLOCKSIZE=<chunkBytes>}.
   */
  public void writeGzipTo(Path file, int chunkBytes) throws IOException {
    OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    try (OutputStream out = new ChunkedGzipOutputStream(fileOut, chunkBytes, 1)) {
      writeTo(out);
    }
  }

  /** Writes the dump to {@code out}, which is flushed but not closed. */
  public void writeTo(OutputStream out) throws IOException {
    start();
    new HeapDumpBuilderOutput(this).write(out);
  }

  // ---- package-private state for HeapDumpBuilderOutput and handles ----

  String version() {
    return version;
  }

  long timestampMillis() {
    return timestampMillis;
  }

  int objectsPerSegment() {
    return objectsPerSegment;
  }

  boolean segmented() {
    return segmented;
  }

  Map<String, Long> names() {
    return names;
  }

  List<ClassHandle> classes() {
    return classes;
  }

  List<long[]> roots() {
    return roots;
  }

  List<ThreadHandle> threads() {
    return threads;
  }

  List<Dumpable> objectsInWriteOrder() {
    List<Dumpable> order = new ArrayList<>(objects);
    if (shuffleSeed != null) {
      Collections.shuffle(order, new Random(shuffleSeed));
    }
    return order;
  }

  /** The id of the UTF8 record for {@code name}, created on first use. */
  public long nameId(String name) {
    return names.computeIfAbsent(name, n -> newSymbolId());
  }

  long newSymbolId() {
    long id = nextSymbolId;
    nextSymbolId += 8;
    return id;
  }

  void requireOwn(ClassHandle cls) {
    Objects.requireNonNull(cls, "class");
    if (cls.builder != this) {
      throw new IllegalArgumentException(cls.javaName() + " belongs to another HeapDumpBuilder");
    }
  }

  // ---- internals ----

  private ArrayObject primitiveArray(int type, int length, Object values) {
    long size = layout.arrayBytes(type, length);
    return add(new ArrayObject(allocate(size), primitiveArrayClass(type), length, size, values));
  }

  private ArrayObject add(ArrayObject array) {
    objects.add(array);
    return array;
  }

  private HeapDumpBuilder addRoot(int kind, long objectId, long a, long b) {
    switch (kind) {
      case HprofTag.ROOT_UNKNOWN:
      case HprofTag.ROOT_JNI_GLOBAL:
      case HprofTag.ROOT_JNI_LOCAL:
      case HprofTag.ROOT_JAVA_FRAME:
      case HprofTag.ROOT_NATIVE_STACK:
      case HprofTag.ROOT_STICKY_CLASS:
      case HprofTag.ROOT_THREAD_BLOCK:
      case HprofTag.ROOT_MONITOR_USED:
      case HprofTag.ROOT_THREAD_OBJECT:
        roots.add(new long[] {kind, objectId, a, b});
        return this;
      default:
        throw new IllegalArgumentException(
            "root kind: 0x" + Integer.toHexString(kind) + " (expected: a HotSpot ROOT_* tag)");
    }
  }

  private ClassHandle define(
      String dumpName,
      String javaName,
      ClassHandle superclass,
      List<FieldSpec> fields,
      int elementType) {
    long id = allocate(CLASS_MIRROR_BYTES);
    nameId(dumpName);
    for (FieldSpec f : fields) {
      nameId(f.name());
    }
    ClassHandle cls =
        new ClassHandle(
            this, id, classes.size() + 1, dumpName, javaName, superclass, fields, elementType);
    classes.add(cls);
    return cls;
  }

  private long allocate(long size) {
    start();
    long explicit = explicitAddress;
    explicitAddress = 0;
    return addresses.allocate(size, explicit);
  }

  private void requireNotStarted(String knob) {
    if (started) {
      throw new IllegalStateException(knob + ": set it before creating classes or objects");
    }
  }

  private void start() {
    if (started) {
      return;
    }
    started = true;
    long base =
        baseAddress > 0
            ? baseAddress
            : idSize == 8 ? DEFAULT_BASE_ADDRESS : DEFAULT_BASE_ADDRESS_32;
    addresses = new AddressSpace(base, layout.alignment(), idSize);
    nextSymbolId = idSize == 8 ? 0x7f00_0000_1000L : 0x0010_0000L;
    definePredefinedClasses();
  }

  private void definePredefinedClasses() {
    objectClass = defineClass("java.lang.Object", null);
    classClass = defineClass("java.lang.Class", objectClass);
    stringClass =
        defineClass(
            "java.lang.String",
            objectClass,
            FieldSpec.ref("value"),
            FieldSpec.of("coder", byte.class),
            FieldSpec.of("hash", int.class),
            FieldSpec.of("hashIsZero", boolean.class));
    referenceClass =
        defineClass(
            "java.lang.ref.Reference",
            objectClass,
            FieldSpec.ref("referent"),
            FieldSpec.ref("queue"),
            FieldSpec.ref("next"),
            FieldSpec.ref("discovered"));
    weakReferenceClass = defineClass("java.lang.ref.WeakReference", referenceClass);
    softReferenceClass =
        defineClass(
            "java.lang.ref.SoftReference", referenceClass, FieldSpec.of("timestamp", long.class));
    threadClass =
        defineClass(
            "java.lang.Thread",
            objectClass,
            FieldSpec.ref("name"),
            FieldSpec.of("priority", int.class),
            FieldSpec.of("daemon", boolean.class),
            FieldSpec.of("tid", long.class),
            FieldSpec.ref("threadLocals"),
            FieldSpec.ref("contextClassLoader"));
    for (String descriptor : new String[] {"[Z", "[C", "[F", "[D", "[B", "[S", "[I", "[J"}) {
      ClassHandle array = defineClass(descriptor, objectClass);
      primitiveArrayClasses.put(array.elementType, array);
    }
    arrayClass(objectClass);
    for (ClassHandle cls : classes) {
      stickyClass(cls);
    }
  }

  // ---- handles ----

  /** Something written as one heap-dump sub-record. */
  interface Dumpable {
    void writeTo(HprofWriter writer) throws IOException;
  }

  /** A field of a class as laid out in INSTANCE_DUMP bytes. */
  record Slot(ClassHandle declaringClass, FieldSpec field) {}

  /** A static field's value as raw bits. */
  record StaticValue(FieldSpec field, long bits) {}

  static Object normalize(Object value) {
    return value instanceof HeapObject ? (Object) ((HeapObject) value).id() : value;
  }

  /**
   * A class in the dump. Its id is the class mirror's address. Static fields and the class loader
   * may be changed until the dump is written.
   */
  public static final class ClassHandle implements HeapObject {
    final HeapDumpBuilder builder;
    final int elementType; // 0 for non-array classes
    final List<Slot> dumpFields;
    final List<StaticValue> staticValues = new ArrayList<>();
    private final long id;
    private final int serial;
    private final String dumpName;
    private final String javaName;
    private final ClassHandle superclass;
    private final List<FieldSpec> declaredFields;
    private final FieldPacking packing;
    private final int dumpInstanceSize;
    private long classLoaderId;

    ClassHandle(
        HeapDumpBuilder builder,
        long id,
        int serial,
        String dumpName,
        String javaName,
        ClassHandle superclass,
        List<FieldSpec> declaredFields,
        int elementType) {
      this.builder = builder;
      this.id = id;
      this.serial = serial;
      this.dumpName = dumpName;
      this.javaName = javaName;
      this.superclass = superclass;
      this.declaredFields = List.copyOf(declaredFields);
      this.elementType = elementType;
      List<Slot> slots = new ArrayList<>();
      int[] sizes = new int[declaredFields.size()];
      int dumpSize = 0;
      for (int i = 0; i < sizes.length; i++) {
        FieldSpec f = declaredFields.get(i);
        slots.add(new Slot(this, f));
        sizes[i] = builder.layout.fieldBytes(f.type());
        dumpSize += HprofTag.valueSize(f.type(), builder.idSize);
      }
      FieldPacking base =
          superclass == null
              ? FieldPacking.empty(builder.layout.headerBytes())
              : superclass.packing;
      this.packing = base.add(sizes);
      if (superclass != null) {
        slots.addAll(superclass.dumpFields);
        dumpSize += superclass.dumpInstanceSize;
      }
      this.dumpFields = List.copyOf(slots);
      this.dumpInstanceSize = dumpSize;
    }

    /** Address of the class mirror. */
    @Override
    public long id() {
      return id;
    }

    /** Class serial number used by LOAD_CLASS and STACK_FRAME records. */
    public int serial() {
      return serial;
    }

    /** Name as written in the dump: {@code com/acme/Node}, {@code [Lcom/acme/Node;}. */
    public String dumpName() {
      return dumpName;
    }

    /**
     * Name as given when defined (Java form for derived array classes: {@code com.acme.Node[]}).
     */
    public String javaName() {
      return javaName;
    }

    /** The superclass, or null for {@code java.lang.Object} and other root classes. */
    public ClassHandle superclass() {
      return superclass;
    }

    /** This class's own instance fields in declaration order. */
    public List<FieldSpec> declaredFields() {
      return declaredFields;
    }

    /** Real JVM size of an instance under the builder's layout (not meaningful for arrays). */
    public int instanceSize() {
      return packing.instanceSize(builder.layout.alignment());
    }

    /** CLASS_DUMP instance size: bytes of all instance field values as written in INSTANCE_DUMP. */
    public int dumpInstanceSize() {
      return dumpInstanceSize;
    }

    /** Adds a static field of the given Java type; refs as {@code Long} ids or handles. */
    public ClassHandle staticField(String name, Class<?> javaType, Object value) {
      return staticField(FieldSpec.of(name, javaType), value);
    }

    /** Adds a static field; refs as {@code Long} ids or handles, primitives boxed. */
    public ClassHandle staticField(FieldSpec field, Object value) {
      String what = javaName + "." + field.name();
      long bits = FieldValues.bits(field.type(), normalize(value), what);
      builder.nameId(field.name());
      staticValues.add(new StaticValue(field, bits));
      return this;
    }

    /** Sets the class loader object id (0, the default, is the boot loader). */
    public ClassHandle classLoader(long loaderId) {
      this.classLoaderId = loaderId;
      return this;
    }

    public long classLoaderId() {
      return classLoaderId;
    }

    @Override
    public String toString() {
      return javaName + "@0x" + Long.toHexString(id);
    }
  }

  /** An instance; field values may be changed until the dump is written. */
  public static final class Instance implements HeapObject, Dumpable {
    private final long id;
    private final ClassHandle cls;
    private final long[] bits;

    Instance(long id, ClassHandle cls) {
      this.id = id;
      this.cls = cls;
      this.bits = new long[cls.dumpFields.size()];
    }

    @Override
    public long id() {
      return id;
    }

    public ClassHandle classHandle() {
      return cls;
    }

    /** Real JVM size under the builder's layout. */
    public long shallowSize() {
      return cls.instanceSize();
    }

    /**
     * Sets the field {@code name}, the most derived one if a subclass hides a superclass field.
     *
     * @param value a {@code Long} id or {@link HeapObject} for references, boxed for primitives
     * @throws IllegalArgumentException if there is no such field or the value does not suit it
     */
    public Instance set(String name, Object value) {
      return set(null, name, value);
    }

    /** Sets the field {@code name} declared by {@code declaringClass}. */
    public Instance set(ClassHandle declaringClass, String name, Object value) {
      for (int i = 0; i < bits.length; i++) {
        Slot slot = cls.dumpFields.get(i);
        if (slot.field().name().equals(name)
            && (declaringClass == null || slot.declaringClass() == declaringClass)) {
          setSlot(i, value);
          return this;
        }
      }
      throw new IllegalArgumentException(cls.javaName() + " has no field " + name);
    }

    void setSlot(int i, Object value) {
      Slot slot = cls.dumpFields.get(i);
      String what = slot.declaringClass().javaName() + "." + slot.field().name();
      bits[i] = FieldValues.bits(slot.field().type(), normalize(value), what);
    }

    @Override
    public void writeTo(HprofWriter writer) throws IOException {
      RecordBuffer fields = new RecordBuffer(writer.idSize(), cls.dumpInstanceSize());
      for (int i = 0; i < bits.length; i++) {
        fields.value(
            bits[i], HprofTag.valueSize(cls.dumpFields.get(i).field().type(), writer.idSize()));
      }
      writer.writeInstanceDump(id, DUMMY_STACK_TRACE_SERIAL, cls.id(), fields.toByteArray());
    }

    @Override
    public String toString() {
      return cls.javaName() + "@0x" + Long.toHexString(id);
    }
  }

  /** An object or primitive array. */
  public static final class ArrayObject implements HeapObject, Dumpable {
    private final long id;
    private final ClassHandle arrayClass;
    private final int length;
    private final long shallowSize;
    private final Object content; // long[] ids, a primitive array, or null for zeros

    ArrayObject(long id, ClassHandle arrayClass, int length, long shallowSize, Object content) {
      this.id = id;
      this.arrayClass = arrayClass;
      this.length = length;
      this.shallowSize = shallowSize;
      this.content = content;
    }

    @Override
    public long id() {
      return id;
    }

    public ClassHandle arrayClass() {
      return arrayClass;
    }

    public int length() {
      return length;
    }

    /** Real JVM size under the builder's layout. */
    public long shallowSize() {
      return shallowSize;
    }

    @Override
    public void writeTo(HprofWriter w) throws IOException {
      int sts = DUMMY_STACK_TRACE_SERIAL;
      int type = arrayClass.elementType;
      if (type == HprofTag.TYPE_OBJECT) {
        w.writeObjectArrayDump(id, sts, arrayClass.id(), (long[]) content);
      } else if (content == null) {
        byte[] zeros = new byte[Math.multiplyExact(length, HprofTag.valueSize(type, w.idSize()))];
        w.writePrimitiveArrayDump(id, sts, type, length, zeros);
      } else if (content instanceof boolean[] v) {
        w.writePrimitiveArrayDump(id, sts, v);
      } else if (content instanceof char[] v) {
        w.writePrimitiveArrayDump(id, sts, v);
      } else if (content instanceof float[] v) {
        w.writePrimitiveArrayDump(id, sts, v);
      } else if (content instanceof double[] v) {
        w.writePrimitiveArrayDump(id, sts, v);
      } else if (content instanceof byte[] v) {
        w.writePrimitiveArrayDump(id, sts, v);
      } else if (content instanceof short[] v) {
        w.writePrimitiveArrayDump(id, sts, v);
      } else if (content instanceof int[] v) {
        w.writePrimitiveArrayDump(id, sts, v);
      } else {
        w.writePrimitiveArrayDump(id, sts, (long[]) content);
      }
    }

    @Override
    public String toString() {
      return arrayClass.javaName() + "[" + length + "]@0x" + Long.toHexString(id);
    }
  }

  /** A stack frame of a thread: ids of its STACK_FRAME record and names, and its locals. */
  record Frame(
      long frameId,
      long methodNameId,
      long signatureId,
      long sourceFileId,
      int classSerial,
      int line,
      long[] locals) {}

  /**
   * A {@code java.lang.Thread} with its thread serial, stack trace serial and frames (innermost
   * first). Frames may be added until the dump is written.
   */
  public static final class ThreadHandle implements HeapObject {
    private final HeapDumpBuilder builder;
    private final Instance thread;
    private final int serial;
    private final int stackTraceSerial;
    private final List<Frame> frames = new ArrayList<>();

    ThreadHandle(HeapDumpBuilder builder, Instance thread, int serial, int stackTraceSerial) {
      this.builder = builder;
      this.thread = thread;
      this.serial = serial;
      this.stackTraceSerial = stackTraceSerial;
    }

    /** Id of the {@code java.lang.Thread} object. */
    @Override
    public long id() {
      return thread.id();
    }

    /** The {@code java.lang.Thread} instance, to set further fields. */
    public Instance instance() {
      return thread;
    }

    public int serial() {
      return serial;
    }

    public int stackTraceSerial() {
      return stackTraceSerial;
    }

    /** Sets a field of the thread object, see {@link Instance#set(String, Object)}. */
    public ThreadHandle set(String field, Object value) {
      thread.set(field, value);
      return this;
    }

    /**
     * Adds the next frame, going outwards from the innermost one: a STACK_FRAME record and one
     * ROOT_JAVA_FRAME per local, numbered by frame depth (0 = innermost).
     *
     * @param line &gt;0 a line, 0 none, -1 unknown, -2 compiled, -3 native
     */
    public ThreadHandle frame(
        ClassHandle declaringClass,
        String method,
        String signature,
        String sourceFile,
        int line,
        long... locals) {
      builder.requireOwn(declaringClass);
      frames.add(
          new Frame(
              builder.newSymbolId(),
              builder.nameId(method),
              builder.nameId(signature),
              builder.nameId(sourceFile),
              declaringClass.serial(),
              line,
              locals.clone()));
      return this;
    }

    List<Frame> frames() {
      return frames;
    }
  }
}
