package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapIndexTest {
  @TempDir Path dir;

  private HeapIndex index(HeapDumpBuilder b) throws IOException {
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return HeapIndex.open(p, ProgressListener.NONE);
  }

  private static Map<Long, Integer> idsByAddress(HeapIndex h) throws IOException {
    Map<Long, Integer> m = new HashMap<>();
    for (int i = 0; i < h.objectCount(); i++) {
      m.put(h.address(i), i);
    }
    return m;
  }

  /**
   * More objects than one piece of the columns' files (262,144) and than the layout inference
   * samples (300,000): the classes and sizes, made from those files piece by piece, are each
   * object's own.
   */
  @Test
  void classesAndSizesOfMoreObjectsThanOnePieceOfTheirFiles() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle small = b.defineClass("a.Small", b.objectClass(), FieldSpec.ref("x"));
    ClassHandle wide =
        b.defineClass(
            "a.Wide", b.objectClass(), FieldSpec.of("a", long.class), FieldSpec.of("b", int.class));
    SplittableRandom random = new SplittableRandom(7);
    Map<Long, long[]> expected = new HashMap<>(); // address -> {size, class 0/1/2 for a/b/array}
    for (int i = 0; i < 330_000; i++) {
      int kind = random.nextInt(3);
      long id;
      long size;
      if (kind == 2) {
        HeapDumpBuilder.ArrayObject a = b.primitiveArray(new byte[random.nextInt(4000)]);
        id = a.id();
        size = a.shallowSize();
      } else {
        HeapDumpBuilder.Instance o = b.instance(kind == 0 ? small : wide);
        id = o.id();
        size = o.shallowSize();
      }
      expected.put(id, new long[] {size, kind});
    }
    try (HeapIndex h = index(b)) {
      assertThat(h.objectCount()).isGreaterThan(330_000);
      int checked = 0;
      for (int i = 0; i < h.objectCount(); i++) {
        long[] want = expected.get(h.address(i));
        if (want == null) {
          continue; // a class object
        }
        String name = h.heapClass(h.classOf(i)).name();
        assertThat(name)
            .as("class of %d", i)
            .isEqualTo(new String[] {"a.Small", "a.Wide", "byte[]"}[(int) want[1]]);
        assertThat(h.shallowSize(i)).as("size of %d", i).isEqualTo(want[0]);
        checked++;
      }
      assertThat(checked).isEqualTo(330_000);
    }
  }

  @Test
  void shallowSizesAreTheJvmsSizesWithCompressedOops() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    // 12-byte header: an int fits in the 12..16 gap; a long does not
    ClassHandle withInt = b.defineClass("a.WithInt", b.objectClass(), FieldSpec.of("i", int.class));
    ClassHandle withLong =
        b.defineClass("a.WithLong", b.objectClass(), FieldSpec.of("l", long.class));
    ClassHandle mixed =
        b.defineClass(
            "a.Mixed",
            withInt,
            FieldSpec.of("b", byte.class),
            FieldSpec.ref("r"),
            FieldSpec.of("d", double.class));
    long o = b.instance(b.objectClass()).id();
    long i = b.instance(withInt).id();
    long l = b.instance(withLong).id();
    long m = b.instance(mixed).id();
    long bytes = b.primitiveArray(new byte[10]).id();
    long longs = b.primitiveArray(new long[3]).id();
    long refs = b.objectArray(b.objectClass(), o, i, l).id();
    long s = b.string("hi").id();
    try (HeapIndex h = index(b)) {
      Map<Long, Integer> ids = idsByAddress(h);
      assertThat(h.layout()).isEqualTo(ObjectLayout.HOTSPOT_64_COMPRESSED);
      assertThat(h.shallowSize(ids.get(o))).isEqualTo(16);
      assertThat(h.shallowSize(ids.get(i))).isEqualTo(16);
      assertThat(h.shallowSize(ids.get(l))).isEqualTo(24);
      // header 12, int 12..16, double 16..24, byte 24, ref 28..32 -> 32
      assertThat(h.shallowSize(ids.get(m))).isEqualTo(32);
      assertThat(h.shallowSize(ids.get(bytes))).isEqualTo(32); // 16 + 10 -> 32
      assertThat(h.shallowSize(ids.get(longs))).isEqualTo(40); // 16 + 24
      assertThat(h.shallowSize(ids.get(refs))).isEqualTo(32); // 16 + 12 -> 32
      assertThat(h.shallowSize(ids.get(s))).isEqualTo(24);
      assertThat(h.heapClass(h.classOf(ids.get(bytes))).name()).isEqualTo("byte[]");
      assertThat(h.heapClass(h.classOf(ids.get(refs))).name()).isEqualTo("java.lang.Object[]");
      assertThat(h.heapClass(h.classOf(ids.get(m))).name()).isEqualTo("a.Mixed");
    }
  }

  @Test
  void uncompressedLayoutIsInferredFromAddresses() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().layout(HeapDumpBuilder.Layout.UNCOMPRESSED);
    ClassHandle pair =
        b.defineClass("a.Pair", b.objectClass(), FieldSpec.ref("x"), FieldSpec.of("i", int.class));
    for (int k = 0; k < 200; k++) {
      b.instance(pair);
      b.primitiveArray(new int[k % 7]);
      b.instance(b.objectClass());
    }
    try (HeapIndex h = index(b)) {
      assertThat(h.layout().compressedOops()).isFalse();
      assertThat(h.layout().headerBytes()).isEqualTo(16);
      for (int id = 0; id < h.objectCount(); id++) {
        if (h.heapClass(h.classOf(id)).name().equals("a.Pair")) {
          assertThat(h.shallowSize(id)).isEqualTo(32); // 16 + 8 + 4 -> 32
        }
      }
    }
  }

  @Test
  void referencesBecomeEdgesMissingOnesAreCountedAndReferentsAreSkipped() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle holder =
        b.defineClass("a.Holder", b.objectClass(), FieldSpec.ref("a"), FieldSpec.ref("b"));
    long target = b.instance(b.objectClass()).id();
    long weakTarget = b.instance(b.objectClass()).id();
    long h1 = b.instance(holder, target, 0xdead_beef0L).id(); // b points at nothing in the dump
    long weak = b.instance(b.weakReferenceClass()).set("referent", weakTarget).id();
    b.root(HprofTag.ROOT_JNI_GLOBAL, h1);
    b.root(HprofTag.ROOT_JNI_GLOBAL, weak);
    try (HeapIndex h = index(b)) {
      Map<Long, Integer> ids = idsByAddress(h);
      ReferenceGraph g = h.graph();
      int from = ids.get(h1);
      assertThat(g.endEdge(from) - g.firstEdge(from)).isEqualTo(1);
      assertThat(g.target(g.firstEdge(from))).isEqualTo(ids.get(target));
      assertThat(h.missingReferences()).isEqualTo(1);
      int w = ids.get(weak);
      for (long e = g.firstEdge(w); e < g.endEdge(w); e++) {
        assertThat(g.target(e)).isNotEqualTo(ids.get(weakTarget));
      }
      assertThat(h.referenceName(from, h.referenceIndex(from, target))).isEqualTo("a.Holder.a");
    }
  }

  /**
   * {@code Reference.discovered} is the collector's list of references found dead: it links
   * references that have nothing to do with each other, so the graph leaves it out, as it does
   * {@code referent}; {@code queue} and {@code next} (a queue's own list) stay.
   */
  @Test
  void theCollectorsListOfDiscoveredReferencesIsNoEdge() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    long queue = b.instance(b.objectClass()).id();
    long other = b.instance(b.weakReferenceClass()).id();
    long weak =
        b.instance(b.weakReferenceClass())
            .set("queue", queue)
            .set("next", other)
            .set("discovered", other)
            .id();
    b.root(HprofTag.ROOT_JNI_GLOBAL, weak);
    try (HeapIndex h = index(b)) {
      Map<Long, Integer> ids = idsByAddress(h);
      ReferenceGraph g = h.graph();
      int w = ids.get(weak);
      List<Integer> targets = new ArrayList<>();
      for (long e = g.firstEdge(w); e < g.endEdge(w); e++) {
        targets.add(g.target(e));
      }
      // queue and next, not discovered (which points at the same object as next here)
      assertThat(targets).containsExactly(ids.get(queue), ids.get(other));
      assertThat(h.referenceName(w, 0)).isEqualTo("java.lang.ref.Reference.queue");
      assertThat(h.referenceName(w, 1)).isEqualTo("java.lang.ref.Reference.next");
    }
    assertThat(ReferenceGraph.followed("java.lang.ref.Reference", "discovered")).isFalse();
    assertThat(ReferenceGraph.followed("java.lang.ref.Reference", "referent")).isFalse();
    assertThat(ReferenceGraph.followed("java.lang.ref.Reference", "queue")).isTrue();
    assertThat(ReferenceGraph.followed("a.Holder", "discovered")).isTrue();
  }

  @Test
  void indexKeepsSixteenBytesPerObjectAndFourPerReference() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle node =
        b.defineClass("a.Node", b.objectClass(), FieldSpec.ref("next"), FieldSpec.ref("other"));
    long prev = 0;
    for (int k = 0; k < 20_000; k++) {
      prev = b.instance(node, prev, k % 3 == 0 ? prev : 0L).id();
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, prev);
    try (HeapIndex h = index(b)) {
      long n = h.objectCount();
      long refs = h.graph().edgeCount();
      assertThat(refs).isGreaterThan(n); // the test means something only with many references
      // class 2, size 1, offset 4, edge start about 2.1 (EdgeStarts; 4 before), plus the content
      // hashes' bits: 20 bytes per 64 objects (no byte[] or char[] here)
      assertThat(h.memoryBytes()).isLessThanOrEqualTo(10 * n + 4 * refs + 4 + (n / 64 + 2) * 20);
      // and the edges are real: a node's references are exactly its non-null fields
      long nodeRefs = 0;
      for (int id = 0; id < n; id++) {
        if (h.heapClass(h.classOf(id)).name().equals("a.Node")) {
          nodeRefs += h.graph().endEdge(id) - h.graph().firstEdge(id);
        }
      }
      assertThat(nodeRefs)
          .isEqualTo(19_999 + 6_666); // next for k >= 1, other for k = 3, 6, ... 19998
      // parking moves the sizes and offsets out and back without changing them
      long size = h.shallowSize(5);
      long address = h.address(5);
      try (java.io.Closeable parked = h.parkObjectData()) {
        assertThat(h.graph().nodeCount()).isEqualTo((int) n);
      }
      assertThat(h.shallowSize(5)).isEqualTo(size);
      assertThat(h.address(5)).isEqualTo(address);
      // the offsets parked alone: objects are still read from the dump, each offset from the file;
      // a parking of the object data inside leaves them there, and their own handle brings them
      // back
      long[] addresses = new long[(int) n];
      for (int id = 0; id < n; id++) {
        addresses[id] = h.address(id);
      }
      long filesBefore = openParkingFiles();
      java.io.Closeable offsetsParked = h.parkOffsets();
      try (offsetsParked) {
        assertThat(openParkingFiles()).isEqualTo(filesBefore + 1);
        h.parkOffsets().close(); // parked already: restores nothing
        try (java.io.Closeable inner = h.parkObjectData()) {
          assertThat(h.graph().nodeCount()).isEqualTo((int) n);
        }
        assertThat(h.shallowSize(5)).isEqualTo(size);
        for (int id = (int) n - 1; id >= 0; id -= 3) { // backwards: a block read at every step
          assertThat(h.address(id)).as("object %d", id).isEqualTo(addresses[id]);
        }
      }
      offsetsParked.close(); // twice is harmless
      assertThat(openParkingFiles()).isEqualTo(filesBefore);
      for (int id = 0; id < n; id += 5) {
        assertThat(h.address(id)).as("object %d", id).isEqualTo(addresses[id]);
      }
      // parking the edges keeps the graph the same, read from the file (across many 64 KB blocks)
      ReferenceGraph before = h.graph();
      int[] starts = new int[(int) n + 1];
      int[] targets = new int[(int) before.edgeCount()];
      for (int id = 0; id <= n; id++) {
        starts[id] = (int) (id < n ? before.firstEdge(id) : before.endEdge(id - 1));
      }
      for (int e = 0; e < targets.length; e++) {
        targets[e] = before.target(e);
      }
      int holder = -1;
      for (int id = 0; id < n && holder < 0; id++) {
        holder = before.endEdge(id) > before.firstEdge(id) ? id : -1;
      }
      long firstTarget = h.address(before.target(before.firstEdge(holder)));
      before = null;
      java.io.Closeable edges = h.parkGraph();
      try (edges) {
        assertGraph(h.graph(), starts, targets);
        assertThat(h.parkGraph()).as("parked already").isNotNull();
        assertThat(h.referencedObjectAt(holder, firstTarget)).isEqualTo(targets[starts[holder]]);
        assertThatThrownBy(() -> h.graph().target(targets.length))
            .isInstanceOf(IndexOutOfBoundsException.class);
      }
      edges.close(); // twice is harmless
      assertGraph(h.graph(), starts, targets);
    }
  }

  @Test
  void aDumpWithMoreObjectsThanAnIndexHoldsIsRefusedWhereItPassesTheLimit() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    for (int i = 0; i < 40; i++) {
      b.root(HprofTag.ROOT_JNI_GLOBAL, b.primitiveArray(new byte[16]).id());
    }
    Path p = dir.resolve("many.hprof");
    b.writeTo(p);
    long count;
    try (HeapIndex whole = HeapIndex.open(p, ProgressListener.NONE, false)) {
      count = whole.objectCount();
    }
    // exactly as many as a (test-sized) index holds: indexed
    try (HeapIndex h =
        new HeapIndexBuilder(HprofFile.open(p), ProgressListener.NONE, count, -1).build()) {
      assertThat(h.objectCount()).isEqualTo(count);
    }
    // one more: refused in the first pass, at the record of the first object past the limit,
    // with the temporary files closed
    boolean fds = Files.isDirectory(Path.of("/proc/self/fd"));
    long open = fds ? openParkingFiles() : 0;
    try (HprofFile f = HprofFile.open(p)) {
      assertThatThrownBy(
              () -> new HeapIndexBuilder(f, ProgressListener.NONE, count - 1, -1).build())
          .isInstanceOf(IndexLimitException.class) // a sound dump: not a format error
          .hasMessageContaining("the dump holds more than " + (count - 1) + " objects")
          .satisfies(
              e ->
                  assertThat(((IndexLimitException) e).offset())
                      .isPositive()
                      .isLessThan(Files.size(p)));
    }
    if (fds) {
      assertThat(openParkingFiles()).isEqualTo(open);
    }
  }

  /** Temporary files of this process's index that are still open (Linux: their descriptors). */
  private static long openParkingFiles() throws IOException {
    try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().contains("leakscope-index");
                } catch (IOException e) {
                  return false; // closed meanwhile (the listing's own descriptor)
                }
              })
          .count();
    }
  }

  /**
   * The form a graph of more than 2^31 references takes (targets in chunks, lists across chunk
   * ends) holds the same graph as one array, and parking and restoring it keeps it: built from the
   * same dump with chunks of 8 targets, against the index built as usual.
   */
  @Test
  void aGraphInChunksIsTheSameGraphInMemoryParkedAndRestored() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    SplittableRandom r = new SplittableRandom(7);
    List<Long> leaves = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      leaves.add(b.instance(b.objectClass()).id());
    }
    for (int i = 0; i < 200; i++) {
      long[] elements = new long[r.nextInt(i % 10 == 0 ? 40 : 6)]; // some longer than a chunk
      for (int k = 0; k < elements.length; k++) {
        elements[k] = r.nextInt(5) == 0 ? 0 : leaves.get(r.nextInt(leaves.size()));
      }
      b.root(HprofTag.ROOT_JNI_GLOBAL, b.objectArray(b.objectClass(), elements).id());
    }
    Path p = dir.resolve("chunks.hprof");
    b.writeTo(p);
    int[] starts;
    int[] targets;
    try (HeapIndex usual = HeapIndex.open(p, ProgressListener.NONE)) {
      ReferenceGraph g = usual.graph();
      starts = new int[g.nodeCount() + 1];
      for (int id = 0; id < g.nodeCount(); id++) {
        starts[id + 1] = (int) g.endEdge(id);
      }
      targets = new int[(int) g.edgeCount()];
      for (int e = 0; e < targets.length; e++) {
        targets[e] = g.target(e);
      }
    }
    assertThat(targets.length).isGreaterThan(600);
    try (HeapIndex chunked =
        new HeapIndexBuilder(HprofFile.open(p), ProgressListener.NONE, Long.MAX_VALUE, 3).build()) {
      assertThat(chunked.graph()).isInstanceOf(ReferenceGraph.Wide.class);
      assertGraph(chunked.graph(), starts, targets);
      java.io.Closeable edges = chunked.parkGraph();
      try (edges) {
        assertThat(chunked.graph()).isInstanceOf(ReferenceGraph.Parked.class);
        assertGraph(chunked.graph(), starts, targets);
      }
      assertThat(chunked.graph()).isInstanceOf(ReferenceGraph.Wide.class);
      assertGraph(chunked.graph(), starts, targets);
    }
  }

  private static void assertGraph(ReferenceGraph g, int[] starts, int[] targets) {
    assertThat(g.edgeCount()).isEqualTo(targets.length);
    // backwards, so that the cache of the parked graph is refilled at every block
    for (int id = starts.length - 2; id >= 0; id--) {
      assertThat(g.firstEdge(id)).isEqualTo(starts[id]);
      assertThat(g.endEdge(id)).isEqualTo(starts[id + 1]);
    }
    for (int e = targets.length - 1; e >= 0; e--) {
      assertThat(g.target(e)).as("edge %d", e).isEqualTo(targets[e]);
    }
    // and the scan in id order, which reads a parked graph's file in pieces
    int[] next = {0};
    g.forEachEdgeList(
        (v, t, from, to) -> {
          assertThat(v).isEqualTo(next[0]++);
          assertThat(Arrays.copyOfRange(t, from, to))
              .isEqualTo(Arrays.copyOfRange(targets, starts[v], starts[v + 1]));
        });
    assertThat(next[0]).isEqualTo(starts.length - 1);
  }

  @Test
  void threadNamesAndStringsAreReadLazily() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    b.thread("worker-7");
    b.string("plain latin");
    b.string("ünïcødé ✓");
    try (HeapIndex h = index(b)) {
      assertThat(h.threadName(1)).isEqualTo("worker-7");
      java.util.List<String> strings = new java.util.ArrayList<>();
      for (int id = 0; id < h.objectCount(); id++) {
        String s = h.readString(id, 100);
        if (s != null) {
          strings.add(s);
        }
      }
      assertThat(strings).contains("plain latin", "ünïcødé ✓", "worker-7");
    }
  }

  @Test
  void singleMemberGzipIndexesLikeThePlainOneAndReadsAnyObject() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(9);
    ClassHandle node = b.defineClass("a.Node", b.objectClass(), FieldSpec.ref("next"));
    long prev = 0;
    for (int k = 0; k < 3000; k++) {
      prev = b.instance(node, prev).id();
      b.string("s" + k);
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, prev);
    Path plain = dir.resolve("p.hprof");
    Path gz = dir.resolve("p1.hprof.gz");
    b.writeTo(plain);
    try (java.io.OutputStream out =
        new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
      java.nio.file.Files.copy(plain, out); // one member, no HPROF BLOCKSIZE comment
    }
    try (HeapIndex p = HeapIndex.open(plain, ProgressListener.NONE);
        HeapIndex g = HeapIndex.open(gz, ProgressListener.NONE)) {
      assertThat(g.objectCount()).isEqualTo(p.objectCount());
      assertThat(g.graph().edgeCount()).isEqualTo(p.graph().edgeCount());
      // random order, backwards too: each read must not depend on the one before
      for (int id = p.objectCount() - 1; id >= 0; id -= 7) {
        assertThat(g.address(id)).isEqualTo(p.address(id));
        assertThat(g.readString(id, 20)).isEqualTo(p.readString(id, 20));
      }
    }
  }

  @Test
  void gzipDumpIndexesLikeThePlainOne() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(3);
    ClassHandle node = b.defineClass("a.Node", b.objectClass(), FieldSpec.ref("next"));
    long prev = 0;
    for (int k = 0; k < 500; k++) {
      prev = b.instance(node, prev).id();
    }
    b.root(HprofTag.ROOT_JNI_GLOBAL, prev);
    Path plain = dir.resolve("p.hprof");
    Path gz = dir.resolve("p.hprof.gz");
    b.writeTo(plain);
    b.writeGzipTo(gz, 4096);
    try (HeapIndex p = HeapIndex.open(plain, ProgressListener.NONE);
        HeapIndex g = HeapIndex.open(gz, ProgressListener.NONE)) {
      assertThat(g.objectCount()).isEqualTo(p.objectCount());
      assertThat(g.graph().edgeCount()).isEqualTo(p.graph().edgeCount());
      for (int id = 0; id < p.objectCount(); id++) {
        assertThat(g.address(id)).isEqualTo(p.address(id));
        assertThat(g.shallowSize(id)).isEqualTo(p.shallowSize(id));
      }
      // many at once, in any order, some twice: each as read alone
      java.util.Random r = new java.util.Random(3);
      int[] ids = new int[700];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = r.nextInt(p.objectCount());
      }
      long[] fromPlain = p.addresses(ids);
      long[] fromGzip = g.addresses(ids);
      for (int k = 0; k < ids.length; k++) {
        assertThat(fromPlain[k]).as("object %d", ids[k]).isEqualTo(p.address(ids[k]));
        assertThat(fromGzip[k]).as("object %d", ids[k]).isEqualTo(p.address(ids[k]));
      }
      assertThat(p.addresses(new int[0])).isEmpty();
    }
  }

  // Content hashes made during the build: equal arrays (same element type and bytes) hash alike
  // and different ones apart, checked against the arrays' contents as written, whether the hash
  // was made during the build (up to 4 KB) or is read from the dump (longer), and whether the
  // String comes before or after its array in the file.

  /** An array as written: its element type and bytes, compared by value. */
  private record Content(char type, String bytes) {}

  @Test
  void equalArraysHashAlikeAndDifferentOnesApart() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(3);
    SplittableRandom random = new SplittableRandom(11);
    Map<Long, Content> written = new HashMap<>();
    for (int i = 0; i < 600; i++) {
      // lengths around the 8-byte words and around the 4 KB that the build hashes itself
      int length =
          switch (i % 4) {
            case 0 -> random.nextInt(12);
            case 1 -> ContentHashes.MAX_HASHED_BYTES - 2 + random.nextInt(4);
            case 2 -> 5000 + random.nextInt(3);
            default -> random.nextInt(24);
          };
      // a few patterns per length, some with the last byte flipped: many equal arrays, many near
      // misses
      int pattern = random.nextInt(3);
      boolean flip = random.nextInt(4) == 0;
      if (i % 5 == 0) {
        char[] chars = new char[length / 2];
        for (int k = 0; k < chars.length; k++) {
          chars[k] = (char) (k * (pattern + 1) * 0x0101);
        }
        if (flip && chars.length > 0) {
          chars[chars.length - 1] ^= 1;
        }
        written.put(b.primitiveArray(chars).id(), new Content('C', new String(chars)));
      } else {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
          bytes[k] = (byte) (k * (pattern + 1));
        }
        if (flip && length > 0) {
          bytes[length - 1] ^= 1;
        }
        written.put(
            b.primitiveArray(bytes).id(),
            new Content('B', new String(bytes, StandardCharsets.ISO_8859_1)));
      }
    }
    written.put(b.primitiveArray(new byte[0]).id(), new Content('B', ""));
    written.put(b.primitiveArray(new char[0]).id(), new Content('C', ""));
    try (HeapIndex h = index(b)) {
      List<Integer> ids = new ArrayList<>();
      List<Content> contents = new ArrayList<>();
      for (int i = 0; i < h.objectCount(); i++) {
        Content c = written.get(h.address(i));
        if (c != null) {
          ids.add(i);
          contents.add(c);
        }
      }
      assertThat(ids).hasSize(written.size());
      // pass 2 stored every hash (in a file, in rank order), the same as one made from the dump
      long[] stored = new long[ids.size()];
      for (int k = 0; k < stored.length; k++) {
        stored[k] = h.storedContentHash(ids.get(k));
      }
      long[] hashes = new long[ids.size()];
      for (int k = 0; k < hashes.length; k++) {
        hashes[k] = h.contentHash(ids.get(k));
      }
      for (int k = 0; k < stored.length; k++) {
        Content c = contents.get(k);
        int bytes = c.bytes().length() * (c.type() == 'C' ? 2 : 1);
        assertThat(stored[k])
            .as("array %d, %d bytes: stored by pass 2 up to 4 KB, none missing", ids.get(k), bytes)
            .isEqualTo(bytes <= ContentHashes.MAX_HASHED_BYTES ? hashes[k] : 0);
      }
      int equalPairs = 0;
      for (int x = 0; x < hashes.length; x++) {
        assertThat(hashes[x]).isNotZero();
        for (int y = x + 1; y < hashes.length; y++) {
          boolean equal = contents.get(x).equals(contents.get(y));
          equalPairs += equal ? 1 : 0;
          assertThat(hashes[x] == hashes[y])
              .as("arrays %s and %s", ids.get(x), ids.get(y))
              .isEqualTo(equal);
        }
      }
      assertThat(equalPairs).as("the test needs equal arrays").isGreaterThan(100);
      // the hashes survive parking the object data in a temporary file and back
      try (Closeable parked = h.parkObjectData()) {
        assertThat(parked).isNotNull();
      }
      for (int k = 0; k < hashes.length; k++) {
        assertThat(h.contentHash(ids.get(k))).isEqualTo(hashes[k]);
      }
      // parked twice with no String asking in between (the dominator tree, then the path search):
      // the hashes parked first stay in their file, the only one left open, and are still right
      h.parkObjectData().close();
      h.parkObjectData().close();
      if (Files.isDirectory(Path.of("/proc/self/fd"))) {
        assertThat(openParkingFiles()).isEqualTo(1);
      }
      for (int k = 0; k < hashes.length; k++) {
        assertThat(h.contentHash(ids.get(k))).isEqualTo(hashes[k]);
      }
      if (Files.isDirectory(Path.of("/proc/self/fd"))) {
        assertThat(openParkingFiles()).as("read back and closed").isZero();
      }
    }
  }

  @Test
  void utf16StringsAreKnownWithoutReadingThem() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(5);
    long latin1 = b.string("plain").id();
    long utf16 = b.string("\u0394elta").id();
    long empty = b.string("").id();
    long notAString = b.primitiveArray("\u0394".toCharArray()).id();
    try (HeapIndex h = index(b)) {
      Map<Long, Boolean> seen = new HashMap<>();
      for (int i = 0; i < h.objectCount(); i++) {
        seen.put(h.address(i), h.isUtf16String(i));
      }
      assertThat(seen.get(latin1)).isFalse();
      assertThat(seen.get(utf16)).isTrue();
      assertThat(seen.get(empty)).isFalse();
      assertThat(seen.get(notAString)).isFalse();
      assertThat(Arrays.asList(seen.values().toArray())).containsOnlyOnce(true);
    }
  }
}
