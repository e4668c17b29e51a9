package io.leakscope.testing.hprof;

import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.HeapDumpBuilder.Layout;
import io.leakscope.testing.hprof.HprofWriter.FieldDescriptor;
import io.leakscope.testing.hprof.HprofWriter.StaticField;
import io.leakscope.testing.hprof.internal.FieldPacking;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a heap dump of any size in constant memory, with a structure whose right answers follow
 * from its construction: for scale tests and benchmarks on dumps bigger than any JVM this machine
 * can run.
 *
 * <p>The heap: {@code scale.Registry.SESSIONS} (a static field) holds a tree of {@code Object[]}
 * with {@code fanout} elements each (the last of a level fewer), whose leaves are {@code sessions}
 * {@code scale.Session} objects ({@code long id; Object data}), each holding a {@code byte[]} of
 * {@code payloadBytes} (none when 0). Beside it, {@code scale.Config.ENTRIES} holds one {@code
 * Object[]} of {@code stableEntries} {@code scale.Entry} objects ({@code int key}): a small holder
 * that never grows. So the one leak suspect is {@code scale.Registry.SESSIONS} accumulating {@code
 * scale.Session}, and its retained size is the whole tree.
 *
 * <p>With {@code views} above 0, the tree's root array also holds that many more {@code Object[]}
 * (after its children), each referencing every session in order: indexes of the same sessions, as a
 * service keeps by several keys. They make a dump of few objects with many references (each view
 * adds {@code sessions} of them), to test more than 2<sup>31</sup> references without as many
 * objects; the root array dominates them and the sessions, so the suspect and its retained size
 * stay as above, with the views in both.
 *
 * <p>Object ids are addresses laid out as HotSpot would (header, compressed or plain references,
 * field packing, 8-byte alignment: {@link Layout}), so an analyzer that infers shallow sizes from
 * addresses finds the JVM's sizes; {@link Answers} gives them. Past 32 GB of heap a real JVM cannot
 * use compressed references, so {@link Shape#of} picks {@link Layout#UNCOMPRESSED} there.
 *
 * <p>Memory: nothing per object is kept; every id is computed from the object's index (the tree's
 * arrays level by level, top down, then the views, then each session followed by its payload). One
 * array of {@code fanout} ids is reused; with views, one of {@code sessions} ids, and the writer
 * buffers each view's record whole (about 24 bytes per session in all). Objects are written in that
 * address order.
 */
public final class ScaleDump {
  private ScaleDump() {}

  /** Base address of the heap: that of {@link HeapDumpBuilder#DEFAULT_BASE_ADDRESS}. */
  static final long BASE = HeapDumpBuilder.DEFAULT_BASE_ADDRESS;

  private static final int ID_SIZE = 8;

  /**
   * The dump's shape.
   *
   * @param sessions leaves of the tree, 1 or more
   * @param payloadBytes the {@code byte[]} each session holds; 0 for none
   * @param fanout elements per tree array, 2 or more
   * @param stableEntries entries of the stable holder, 0 or more
   * @param layout the JVM object layout of the addresses and sizes
   * @param views arrays of every session held by the tree's root, 0 or more; with any, at most 2^31
   *     − 9 sessions (one array's length)
   */
  public record Shape(
      long sessions, int payloadBytes, int fanout, int stableEntries, Layout layout, int views) {
    public Shape {
      if (sessions < 1
          || payloadBytes < 0
          || fanout < 2
          || stableEntries < 0
          || views < 0
          || (views > 0 && sessions > Integer.MAX_VALUE - 8)) {
        throw new IllegalArgumentException(
            "sessions "
                + sessions
                + ", payloadBytes "
                + payloadBytes
                + ", fanout "
                + fanout
                + ", stableEntries "
                + stableEntries
                + ", views "
                + views
                + " (expected: 1+, 0+, 2+, 0+, 0+; with views, sessions up to 2^31 - 9)");
      }
    }

    /** A shape without views. */
    public Shape(long sessions, int payloadBytes, int fanout, int stableEntries, Layout layout) {
      this(sessions, payloadBytes, fanout, stableEntries, layout, 0);
    }

    /** The shape with the layout a JVM would use for a heap of its size. */
    public static Shape of(long sessions, int payloadBytes, int fanout, int stableEntries) {
      return of(sessions, payloadBytes, fanout, stableEntries, 0);
    }

    /** The shape with views, with the layout a JVM would use for a heap of its size. */
    public static Shape of(
        long sessions, int payloadBytes, int fanout, int stableEntries, int views) {
      Shape compressed =
          new Shape(sessions, payloadBytes, fanout, stableEntries, Layout.COMPRESSED_OOPS, views);
      boolean fits = compressed.answers().totalShallowBytes() < (32L << 30) - (1L << 30);
      return fits
          ? compressed
          : new Shape(sessions, payloadBytes, fanout, stableEntries, Layout.UNCOMPRESSED, views);
    }

    /**
     * The non-null references the dump's objects hold in instance fields, array elements and static
     * fields: the tree's elements (the root's views among them), the views' elements, the sessions'
     * payloads, the stable entries and the two statics.
     */
    public long references() {
      long refs = 0;
      for (long n = sessions; ; ) {
        refs += n;
        long arrays = ceilDiv(n, fanout);
        if (arrays == 1) {
          break;
        }
        n = arrays;
      }
      return refs + views * (sessions + 1) + (payloadBytes > 0 ? sessions : 0) + stableEntries + 2;
    }

    /** What an analysis of the dump must find. */
    public Answers answers() {
      return Answers.of(this);
    }
  }

  /**
   * The right answers for a {@link Shape}.
   *
   * @param instances per class (Java names, e.g. {@code byte[]}), the number of instances
   * @param shallowBytes per class, the bytes of its instances
   * @param treeArrays the {@code Object[]} of the sessions' tree
   * @param sessionsRetainedBytes what {@code scale.Registry.SESSIONS} retains: the tree, the views,
   *     the sessions and their payloads
   * @param stableRetainedBytes what {@code scale.Config.ENTRIES} retains
   * @param instanceObjects instances and arrays (class objects not counted)
   * @param totalShallowBytes their bytes
   */
  public record Answers(
      Map<String, Long> instances,
      Map<String, Long> shallowBytes,
      long treeArrays,
      long sessionsRetainedBytes,
      long stableRetainedBytes,
      long instanceObjects,
      long totalShallowBytes) {

    static Answers of(Shape s) {
      Sizes z = new Sizes(s);
      long treeArrays = 0;
      long treeBytes = 0;
      for (long n = s.sessions(); ; ) {
        long arrays = ceilDiv(n, s.fanout());
        treeArrays += arrays;
        long last = n - (arrays - 1) * s.fanout();
        // the root array (the level of one array) also holds the views
        treeBytes += (arrays - 1) * z.fullArray + z.array(last + (arrays == 1 ? s.views() : 0));
        if (arrays == 1) {
          break;
        }
        n = arrays;
      }
      long viewBytes = s.views() * z.array(s.sessions());
      long payloads = s.payloadBytes() > 0 ? s.sessions() : 0;
      Map<String, Long> instances = new LinkedHashMap<>();
      Map<String, Long> bytes = new LinkedHashMap<>();
      instances.put("scale.Session", s.sessions());
      bytes.put("scale.Session", s.sessions() * z.session);
      if (payloads > 0) {
        instances.put("byte[]", payloads);
        bytes.put("byte[]", payloads * z.payload);
      }
      instances.put("java.lang.Object[]", treeArrays + s.views() + 1);
      bytes.put("java.lang.Object[]", treeBytes + viewBytes + z.array(s.stableEntries()));
      if (s.stableEntries() > 0) {
        instances.put("scale.Entry", (long) s.stableEntries());
        bytes.put("scale.Entry", s.stableEntries() * z.entry);
      }
      long sessionsRetained =
          treeBytes + viewBytes + s.sessions() * z.session + payloads * z.payload;
      long stableRetained = z.array(s.stableEntries()) + s.stableEntries() * z.entry;
      long objects = 0;
      long total = 0;
      for (String c : instances.keySet()) {
        objects += instances.get(c);
        total += bytes.get(c);
      }
      return new Answers(
          Map.copyOf(instances),
          Map.copyOf(bytes),
          treeArrays,
          sessionsRetained,
          stableRetained,
          objects,
          total);
    }
  }

  /** Object sizes under the shape's layout. */
  private static final class Sizes {
    final Layout layout;
    final long session;
    final long payload;
    final long entry;
    final long fullArray;

    Sizes(Shape s) {
      layout = s.layout();
      session =
          FieldPacking.empty(layout.headerBytes())
              .add(new int[] {8, layout.referenceBytes()})
              .instanceSize(layout.alignment());
      payload = s.payloadBytes() > 0 ? layout.arrayBytes(HprofTag.TYPE_BYTE, s.payloadBytes()) : 0;
      entry =
          FieldPacking.empty(layout.headerBytes())
              .add(new int[] {4})
              .instanceSize(layout.alignment());
      fullArray = array(s.fanout());
    }

    long array(long length) {
      return layout.arrayBytes(HprofTag.TYPE_OBJECT, length);
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * Writes the dump (HPROF 1.0.2, 8-byte ids, segmented) to {@code out} and closes it.
   *
   * @param out receives the dump; wrap it in a buffered (and, for big dumps, gzip) stream
   * @param timestampMillis the dump's timestamp
   * @param progress told the number of objects written so far, every million objects; may be null
   * @return the answers
   */
  public static Answers write(
      Shape shape, OutputStream out, long timestampMillis, java.util.function.LongConsumer progress)
      throws IOException {
    Sizes z = new Sizes(shape);
    Answers answers = shape.answers();
    try (HprofWriter w =
        HprofWriter.open(out, HprofWriter.VERSION_1_0_2, ID_SIZE, timestampMillis)) {
      // names and classes: mirrors first in the address space
      String[] names = {
        "java/lang/Object",
        "java/lang/Class",
        "[Ljava/lang/Object;",
        "[B",
        "scale/Registry",
        "scale/Session",
        "scale/Config",
        "scale/Entry",
        "SESSIONS",
        "ENTRIES",
        "id",
        "data",
        "key"
      };
      long nameBase = 0x7f00_0000_1000L;
      for (int i = 0; i < names.length; i++) {
        w.writeUtf8(nameBase + i, names[i]);
      }
      int classes = 8;
      long mirrorBytes = HeapDumpBuilder.CLASS_MIRROR_BYTES;
      long[] classId = new long[classes];
      for (int i = 0; i < classes; i++) {
        classId[i] = BASE + i * mirrorBytes;
        w.writeLoadClass(i + 1, classId[i], 0, nameBase + i);
      }
      long heap = BASE + classes * mirrorBytes;
      // the tree's levels, top down: level 0 is the root array
      List<long[]> levels = new ArrayList<>(); // {first address, arrays, elements below}
      List<long[]> bottomUp = new ArrayList<>();
      for (long n = shape.sessions(); ; ) {
        long arrays = ceilDiv(n, shape.fanout());
        bottomUp.add(new long[] {0, arrays, n});
        if (arrays == 1) {
          break;
        }
        n = arrays;
      }
      for (int i = bottomUp.size() - 1; i >= 0; i--) {
        long[] level = bottomUp.get(i);
        level[0] = heap;
        long last = level[2] - (level[1] - 1) * shape.fanout();
        // the root (the level of one array) also holds the views
        heap += (level[1] - 1) * z.fullArray + z.array(last + (level[1] == 1 ? shape.views() : 0));
        levels.add(level);
      }
      long viewsBase = heap;
      long viewBytes = z.array(shape.sessions());
      heap += shape.views() * viewBytes;
      long sessionsBase = heap;
      long sessionStride = z.session + z.payload;
      heap += shape.sessions() * sessionStride;
      long stableArray = heap;
      long entriesBase = stableArray + z.array(shape.stableEntries());
      long sessionsRoot = levels.get(0)[0];

      w.beginHeapDump(true);
      long objectClass = classId[0];
      long arrayClass = classId[2];
      w.writeClassDump(classId[0], 0, 0, 0, 0, List.of(), List.of());
      w.writeClassDump(classId[1], 0, objectClass, 0, 0, List.of(), List.of());
      w.writeClassDump(classId[2], 0, objectClass, 0, 0, List.of(), List.of());
      w.writeClassDump(classId[3], 0, objectClass, 0, 0, List.of(), List.of());
      w.writeClassDump(
          classId[4],
          0,
          objectClass,
          0,
          0,
          List.of(new StaticField(nameBase + 8, HprofTag.TYPE_OBJECT, sessionsRoot)),
          List.of());
      w.writeClassDump(
          classId[5],
          0,
          objectClass,
          0,
          8 + ID_SIZE,
          List.of(),
          List.of(
              new FieldDescriptor(nameBase + 10, HprofTag.TYPE_LONG),
              new FieldDescriptor(nameBase + 11, HprofTag.TYPE_OBJECT)));
      w.writeClassDump(
          classId[6],
          0,
          objectClass,
          0,
          0,
          List.of(new StaticField(nameBase + 9, HprofTag.TYPE_OBJECT, stableArray)),
          List.of());
      w.writeClassDump(
          classId[7],
          0,
          objectClass,
          0,
          4,
          List.of(),
          List.of(new FieldDescriptor(nameBase + 12, HprofTag.TYPE_INT)));
      for (long id : classId) {
        w.writeRootStickyClass(id);
      }

      long written = 0;
      long[] elements = new long[shape.fanout()];
      for (int l = 0; l < levels.size(); l++) {
        long[] level = levels.get(l);
        boolean leaves = l == levels.size() - 1;
        long childBase = leaves ? sessionsBase : levels.get(l + 1)[0];
        long childStride = leaves ? sessionStride : z.fullArray;
        for (long a = 0; a < level[1]; a++) {
          int length = (int) Math.min(shape.fanout(), level[2] - a * shape.fanout());
          int views = level[1] == 1 ? shape.views() : 0;
          long[] ids = length + views == elements.length ? elements : new long[length + views];
          for (int e = 0; e < length; e++) {
            ids[e] = childBase + (a * shape.fanout() + e) * childStride;
          }
          for (int v = 0; v < views; v++) {
            ids[length + v] = viewsBase + v * viewBytes;
          }
          w.writeObjectArrayDump(level[0] + a * z.fullArray, 0, arrayClass, ids);
          written = tick(++written, progress);
        }
      }
      for (int v = 0; v < shape.views(); v++) { // streamed: each is as long as the sessions
        w.writeObjectArrayDump(
            viewsBase + v * viewBytes,
            0,
            arrayClass,
            (int) shape.sessions(),
            i -> sessionsBase + i * sessionStride);
        written = tick(++written, progress);
      }
      byte[] sessionFields = new byte[8 + ID_SIZE];
      byte[] payload = new byte[shape.payloadBytes()];
      for (long i = 0; i < shape.sessions(); i++) {
        long address = sessionsBase + i * sessionStride;
        long data = shape.payloadBytes() > 0 ? address + z.session : 0;
        putLong(sessionFields, 0, i);
        putLong(sessionFields, 8, data);
        w.writeInstanceDump(address, 0, classId[5], sessionFields);
        written = tick(++written, progress);
        if (data != 0) {
          payload[0] = (byte) i;
          w.writePrimitiveArrayDump(data, 0, HprofTag.TYPE_BYTE, payload.length, payload);
          written = tick(++written, progress);
        }
      }
      long[] entries = new long[shape.stableEntries()];
      for (int i = 0; i < entries.length; i++) {
        entries[i] = entriesBase + i * z.entry;
      }
      w.writeObjectArrayDump(stableArray, 0, arrayClass, entries);
      byte[] entryFields = new byte[4];
      for (int i = 0; i < entries.length; i++) {
        entryFields[0] = (byte) (i >>> 24);
        entryFields[1] = (byte) (i >>> 16);
        entryFields[2] = (byte) (i >>> 8);
        entryFields[3] = (byte) i;
        w.writeInstanceDump(entries[i], 0, classId[7], entryFields);
      }
      w.endHeapDump();
    }
    return answers;
  }

  /**
   * {@code java -cp … io.leakscope.testing.hprof.ScaleDump SESSIONS PAYLOAD_BYTES FANOUT
   * STABLE_ENTRIES [VIEWS] OUTPUT}: writes the dump to OUTPUT (gzip-compressed at the fastest level
   * when it ends in {@code .gz}; {@code -} discards it, to measure the writer alone), prints
   * progress to stderr and the answers to stdout.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 5 && args.length != 6) {
      System.err.println(
          "usage: ScaleDump SESSIONS PAYLOAD_BYTES FANOUT STABLE_ENTRIES [VIEWS]"
              + " OUTPUT(.hprof|.hprof.gz|-)");
      System.exit(2);
    }
    String output = args[args.length - 1];
    Shape shape =
        Shape.of(
            Long.parseLong(args[0]),
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]),
            args.length == 6 ? Integer.parseInt(args[4]) : 0);
    OutputStream out;
    java.nio.file.Path parent =
        output.equals("-") ? null : java.nio.file.Path.of(output).toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent); // bench-work/ is not in a fresh clone
    }
    if (output.equals("-")) {
      out = OutputStream.nullOutputStream();
    } else if (output.endsWith(".gz")) {
      out =
          new java.util.zip.GZIPOutputStream(
              java.nio.file.Files.newOutputStream(java.nio.file.Path.of(output)), 1 << 16) {
            {
              def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
          };
    } else {
      out = java.nio.file.Files.newOutputStream(java.nio.file.Path.of(output));
    }
    long start = System.nanoTime();
    Answers a =
        write(
            shape,
            new java.io.BufferedOutputStream(out, 1 << 16),
            System.currentTimeMillis(),
            n -> {
              if (n % 100_000_000 == 0) {
                System.err.printf("%,d objects written%n", n);
              }
            });
    System.out.println("layout " + shape.layout());
    System.out.println("instanceObjects " + a.instanceObjects());
    System.out.println("totalShallowBytes " + a.totalShallowBytes());
    System.out.println("treeArrays " + a.treeArrays());
    System.out.println("sessionsRetainedBytes " + a.sessionsRetainedBytes());
    System.out.println("stableRetainedBytes " + a.stableRetainedBytes());
    System.out.println("instances " + a.instances());
    System.out.println("shallowBytes " + a.shallowBytes());
    System.out.printf("seconds %.1f%n", (System.nanoTime() - start) / 1e9);
  }

  private static long tick(long written, java.util.function.LongConsumer progress) {
    if (progress != null && written % 1_000_000 == 0) {
      progress.accept(written);
    }
    return written;
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (56 - 8 * i));
    }
  }
}
