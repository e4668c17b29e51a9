package io.leakscope.analysis.fuzz;

import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the committed seed corpus of the fuzz targets: small dumps built with {@link
 * HeapDumpBuilder} (every record and sub-record kind the reader knows), a chunked gzip one, and a
 * few hostile ones. Run it from the repository's root after changing it:
 *
 * <pre>
 * mvn -B -o -q test-compile -pl leakscope-analysis -am
 * java -cp "leakscope-analysis/target/test-classes:leakscope-hprof/target/classes:leakscope-test-fixtures/target/classes" \
 *     io.leakscope.analysis.fuzz.FuzzSeeds leakscope-analysis/src/test/resources
 * </pre>
 *
 * <p>The reader target gets whole files; the index and analyzer targets get the records after the
 * 31-byte header (they prepend a fixed one). Crash inputs found later are added to the same
 * directories by hand, as regression inputs.
 */
public final class FuzzSeeds {
  private static final int HEADER_BYTES = FuzzInput.HEADER.length;

  private FuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path resources = Path.of(args[0]);
    Path pkg = resources.resolve("io/leakscope/analysis/fuzz");
    Path reader = pkg.resolve("HprofReaderFuzzTestInputs/readerFailsOnlyWithFormatException");
    Path index = pkg.resolve("HeapIndexFuzzTestInputs/indexFailsOnlyWithFormatException");
    Path analyzer = pkg.resolve("HeapAnalyzerFuzzTestInputs/analysisFailsOnlyWithFormatException");

    byte[] small = smallHeap(HeapDumpBuilder.create()).toByteArray();
    byte[] fourByteIds =
        smallHeap(HeapDumpBuilder.create().idSize(4).version("1.0.1").useHeapDumpRecords())
            .toByteArray();
    byte[] segments = smallHeap(HeapDumpBuilder.create().objectsPerSegment(7)).toByteArray();
    Path gz = Files.createTempFile("seed", ".gz");
    smallHeap(HeapDumpBuilder.create()).writeGzipTo(gz, 1024);
    byte[] gzip = Files.readAllBytes(gz);
    Files.delete(gz);

    write(reader, "small-heap", small);
    write(reader, "small-heap-4-byte-ids", fourByteIds);
    write(reader, "small-heap-gzip-chunks", gzip);
    write(reader, "truncated-mid-segment", Arrays.copyOf(small, small.length * 2 / 3));
    write(reader, "utf8-length-4gb", withRecord(small, HprofTag.UTF8, 0xffff_ffffL));
    for (Path target : new Path[] {index, analyzer}) {
      write(target, "small-heap", records(small));
      write(target, "small-heap-many-segments", records(segments));
      write(target, "truncated-mid-segment", records(Arrays.copyOf(small, small.length * 2 / 3)));
    }
    write(index, "heap-dump-segment-length-4gb", records(withRecord(small, 0x1c, 0xffff_ffffL)));
  }

  /** Every kind of object and root, a thread with frames, strings, references, primitive arrays. */
  static HeapDumpBuilder smallHeap(HeapDumpBuilder b) {
    ClassHandle node =
        b.defineClass(
            "com.acme.Node",
            b.objectClass(),
            FieldSpec.ref("next"),
            FieldSpec.ref("payload"),
            FieldSpec.of("value", int.class),
            FieldSpec.of("weight", double.class));
    long prev = 0;
    for (int i = 0; i < 12; i++) {
      prev = b.instance(node, prev, b.string("n" + i).id(), i, i * 0.5).id();
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, prev);
    b.root(HprofTag.ROOT_STICKY_CLASS, node.id());
    long array = b.objectArray(node, prev, 0L, prev).id();
    b.root(HprofTag.ROOT_UNKNOWN, array);
    b.root(HprofTag.ROOT_MONITOR_USED, b.primitiveArray(new long[] {1, 2, 3}).id());
    b.primitiveArray(new boolean[] {true, false});
    b.primitiveArray(new char[] {'a', 'b'});
    b.primitiveArray(new float[] {1f});
    b.primitiveArray(new short[] {7});
    b.primitiveArray(new int[] {1, 2});
    b.primitiveArray(new byte[] {1, 2, 3});
    long weak = b.instance(b.weakReferenceClass(), prev).id();
    b.thread("main").frame(node, "run", "()V", "Node.java", 42, weak, array);
    return b;
  }

  /** The dump without its header: what the index and analyzer targets prepend a header to. */
  private static byte[] records(byte[] dump) {
    return Arrays.copyOfRange(dump, HEADER_BYTES, dump.length);
  }

  /** {@code dump} with one more record of {@code tag} after the header claiming {@code length}. */
  private static byte[] withRecord(byte[] dump, int tag, long length) {
    ByteBuffer b = ByteBuffer.allocate(dump.length + 9 + 16);
    b.put(dump, 0, HEADER_BYTES);
    b.put((byte) tag).putInt(0).putInt((int) length).put(new byte[16]);
    b.put(dump, HEADER_BYTES, dump.length - HEADER_BYTES);
    return b.array();
  }

  private static void write(Path dir, String name, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), bytes);
  }
}
