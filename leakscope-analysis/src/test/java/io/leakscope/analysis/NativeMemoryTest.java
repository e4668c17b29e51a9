package io.leakscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.NativeHolder;
import io.leakscope.analysis.report.NativeMemory;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native memory of direct buffers in a dump built with the JDK's field layout of {@code
 * java.nio.DirectByteBuffer} ({@code att}, {@code cleaner}; {@code MappedByteBuffer.fd}; {@code
 * Buffer.capacity}, {@code segment}): owners of random sizes, their views, mapped buffers, a buffer
 * without a cleaner, an unreachable one and one behind a segment. The expected sums are added up
 * here as the buffers are made. A Netty {@code PoolChunk}'s buffer has no cleaner but counts; a
 * buffer without a cleaner made over memory it does not own (JNI) does not.
 */
class NativeMemoryTest {
  @TempDir Path dir;

  private final Random random = new Random(13);
  private HeapDumpBuilder b;
  private ClassHandle direct;
  private ClassHandle readOnly;
  private ClassHandle cleaner;
  private ClassHandle fd;

  /** A DirectByteBuffer: values in dump order, own fields first, then up the superclasses. */
  private long buffer(
      ClassHandle cls, long att, boolean withCleaner, boolean mapped, int capacity, long segment) {
    long c = withCleaner ? b.instance(cleaner).id() : 0;
    long f = mapped ? b.instance(fd).id() : 0;
    return b.instance(cls, att, c, f, capacity, segment).id();
  }

  @Test
  void ownersAreCountedOnceSplitIntoDirectAndMappedAndAttributedToTheirHolders()
      throws IOException {
    b = HeapDumpBuilder.create().shuffleObjects(5);
    defineBufferClasses();
    ClassHandle frame = b.defineClass("a.Frame", b.objectClass(), FieldSpec.ref("buffer"));
    ClassHandle pool = b.defineClass("a.Pool", b.objectClass());
    ClassHandle files = b.defineClass("a.Files", b.objectClass());
    ClassHandle frames = b.defineClass("a.Frames", b.objectClass());
    ClassHandle natives = b.defineClass("a.Native", b.objectClass());
    ClassHandle onlyViews = b.defineClass("a.Views", b.objectClass());
    ClassHandle objects = b.arrayClass(b.objectClass());
    for (ClassHandle c : List.of(pool, files, frames, natives, onlyViews, objects, frame)) {
      b.stickyClass(c);
    }

    // 20 owners of 1-2 MB with a slice and a read-only view of each, all in one array
    List<Long> pooled = new ArrayList<>();
    long poolBytes = 0;
    for (int i = 0; i < 20; i++) {
      int size = (1 << 20) + random.nextInt(1 << 20);
      poolBytes += size;
      long owner = buffer(direct, 0, true, false, size, 0);
      pooled.add(owner);
      pooled.add(buffer(direct, owner, false, false, 4096, 0));
      pooled.add(buffer(readOnly, owner, false, false, size, 0));
    }
    pool.staticField(FieldSpec.ref("BUFFERS"), b.objectArray(objects, ids(pooled)).id());
    // 2 mapped files
    int mappedA = 300_000 + random.nextInt(1000);
    int mappedB = 200_000 + random.nextInt(1000);
    files.staticField(
        FieldSpec.ref("MAPPED"),
        b.objectArray(
                objects,
                buffer(direct, 0, true, true, mappedA, 0),
                buffer(direct, 0, true, true, mappedB, 0))
            .id());
    // 10 application objects that each hold a buffer of 100 KB
    long[] held = new long[10];
    for (int i = 0; i < held.length; i++) {
      held[i] = b.instance(frame, buffer(direct, 0, true, false, 100 * 1024, 0)).id();
    }
    frames.staticField(FieldSpec.ref("ALL"), b.objectArray(objects, held).id());
    // a Netty chunk's memory has no cleaner and is counted (holders from 1% are listed) ...
    ClassHandle poolChunk =
        b.defineClass("io.netty.buffer.PoolChunk", b.objectClass(), FieldSpec.ref("memory"));
    natives.staticField(
        FieldSpec.ref("CHUNK"),
        b.instance(poolChunk, buffer(direct, 0, false, false, 1_000_000, 0)).id());
    // ... a buffer without a cleaner made over memory it does not own (JNI) is said apart
    natives.staticField(FieldSpec.ref("JNI"), buffer(direct, 0, false, false, 5_000_000, 0));
    // an owner reached only through its view's att: the view's holder retains it
    long hidden = buffer(direct, 0, true, false, 900_000, 0);
    onlyViews.staticField(FieldSpec.ref("ONE"), buffer(readOnly, hidden, false, false, 900_000, 0));
    // not reachable: waits for the collector
    buffer(direct, 0, true, false, 777_777, 0);
    // over a memory segment: the segment owns the memory
    natives.staticField(
        FieldSpec.ref("SEGMENT"), buffer(direct, 0, false, false, 123_456, b.instance(fd).id()));

    AnalysisReport report = analyze();

    long directBytes = poolBytes + 10 * 100 * 1024 + 1_000_000 + 900_000;
    assertThat(report.nativeMemory().reachable())
        .isEqualTo(new NativeMemory(directBytes, 20 + 10 + 1 + 1, mappedA + mappedB, 2));
    assertThat(report.nativeMemory().unreachable()).isEqualTo(new NativeMemory(777_777, 1, 0, 0));
    assertThat(report.nativeMemory().views()).isEqualTo(20 + 20 + 1 + 1);
    assertThat(report.nativeMemory().withoutCleaner())
        .isEqualTo(new NativeMemory(5_000_000, 1, 0, 0));
    Map<String, NativeHolder> holders = new HashMap<>();
    report.nativeMemory().holders().forEach(h -> holders.put(h.holder(), h));
    assertThat(holders.get("a.Pool.BUFFERS").memory())
        .isEqualTo(new NativeMemory(poolBytes, 20, 0, 0));
    assertThat(holders.get("a.Files.MAPPED").memory())
        .isEqualTo(new NativeMemory(0, 0, mappedA + mappedB, 2));
    assertThat(holders.get("a.Frames.ALL").memory())
        .isEqualTo(new NativeMemory(10 * 100 * 1024, 10, 0, 0));
    assertThat(holders.get("a.Frames.ALL").accumulatedClass()).isEqualTo("a.Frame");
    assertThat(holders.get("a.Native.CHUNK").memory())
        .isEqualTo(new NativeMemory(1_000_000, 1, 0, 0));
    assertThat(holders.get("a.Views.ONE").memory()).isEqualTo(new NativeMemory(900_000, 1, 0, 0));
    assertThat(holders).doesNotContainKeys("a.Native.SEGMENT", "a.Native.JNI");

    // the pool is the biggest holder of the process's memory: suspect 1, in the report's words
    Suspect first = report.suspects().get(0);
    assertThat(first.kind()).isEqualTo(Suspect.KIND_NATIVE_MEMORY);
    assertThat(first.holder()).isEqualTo("a.Pool.BUFFERS");
    assertThat(first.instances()).isEqualTo(20);
    assertThat(first.nativeMemory()).isEqualTo(new NativeMemory(poolBytes, 20, 0, 0));
    StringWriter text = new StringWriter();
    new TextReportWriter().write(report, text);
    assertThat(text.toString())
        .contains(
            "   1. a.Pool.BUFFERS retains "
                + TextReportWriter.bytes(poolBytes)
                + " of native memory through 20 direct buffers")
        .contains("and maps " + TextReportWriter.bytes(mappedA + mappedB) + " of files through 2");
  }

  @Test
  void aDumpWithoutDirectBuffersHasNoNativeMemory() throws IOException {
    b = HeapDumpBuilder.create();
    ClassHandle holder = b.defineClass("a.Holder", b.objectClass());
    b.stickyClass(holder);
    holder.staticField(FieldSpec.ref("DATA"), b.primitiveArray(new byte[1000]).id());

    AnalysisReport report = analyze();

    assertThat(report.nativeMemory().reachable().isEmpty()).isTrue();
    assertThat(report.nativeMemory().holders()).isEmpty();
    assertThat(report.suspects()).allMatch(s -> s.nativeMemory().isEmpty());
  }

  /**
   * Netty's pooled allocator as it keeps its chunks: one arena per group of threads, each also held
   * by its threads' caches (so the allocator's array of arenas does not dominate them), and in each
   * arena lists by how full a chunk is, each a chain ({@code PoolChunkList.head}, then {@code
   * PoolChunk.next}) of chunks that each own a buffer of 4 MB and keep bookkeeping arrays bigger on
   * the heap than the chunk. However the chunks spread over arenas and lists, they are one suspect,
   * under the allocator's field (the outermost: the same name whichever arena or list the chunks
   * are in), counted once: the sum of what was made here.
   */
  @Test
  void theChunksOfAPoolAreOneSuspectWhereverItsArenasAndListsKeepThem() throws IOException {
    b = HeapDumpBuilder.create().shuffleObjects(7);
    // chunks of each arena in qInit, q050 and q100: one arena nearly all in q100 (its descent
    // goes into that list), the others spread over two or three lists
    int chunks = nettyPool(new int[][] {{1, 0, 6}, {2, 0, 2}, {3, 0, 0}, {1, 2, 1}});
    int chunkBytes = CHUNK_BYTES;

    AnalysisReport report = analyze();

    NativeMemory all = new NativeMemory((long) chunks * chunkBytes, chunks, 0, 0);
    assertThat(report.nativeMemory().reachable()).isEqualTo(all);
    List<Suspect> offHeap =
        report.suspects().stream()
            .filter(s -> s.kind().equals(Suspect.KIND_NATIVE_MEMORY))
            .toList();
    assertThat(offHeap).hasSize(1);
    Suspect pool = offHeap.get(0);
    assertThat(pool.holder()).isEqualTo("io.netty.buffer.PooledByteBufAllocator.DEFAULT");
    assertThat(pool.accumulatedClass()).isEqualTo("io.netty.buffer.PoolChunk");
    assertThat(pool.nativeMemory()).isEqualTo(all);
    assertThat(pool.instances()).isEqualTo(chunks);
    assertThat(pool.explanation()).contains("Netty's pooled allocator", "leakDetection");
    // the chunks' bookkeeping arrays, all of this heap, are that suspect's, not one more
    assertThat(report.suspects())
        .filteredOn(s -> s.kind().equals(Suspect.KIND_ACCUMULATION))
        .noneMatch(s -> s.holder().startsWith("io.netty.buffer."));
    // no memory counted twice: the holders listed do not add up to more than there is
    assertThat(
            report.nativeMemory().holders().stream().mapToLong(h -> h.memory().directBytes()).sum())
        .isLessThanOrEqualTo(all.directBytes());
  }

  private static final int CHUNK_BYTES = 4 << 20;

  /**
   * Netty's default pooled allocator with {@code layout[a][q]} chunks of {@link #CHUNK_BYTES} in
   * list {@code q} (qInit, q050, q100) of arena {@code a}, each chunk a link of its list's chain
   * with a bookkeeping array bigger on the heap than itself; each arena is also held by a thread
   * cache. Returns the number of chunks.
   */
  private int nettyPool(int[][] layout) {
    defineBufferClasses();
    ClassHandle chunk =
        b.defineClass(
            "io.netty.buffer.PoolChunk",
            b.objectClass(),
            FieldSpec.ref("memory"),
            FieldSpec.ref("next"),
            FieldSpec.ref("handles"));
    ClassHandle list =
        b.defineClass("io.netty.buffer.PoolChunkList", b.objectClass(), FieldSpec.ref("head"));
    ClassHandle arena =
        b.defineClass(
            "io.netty.buffer.PoolArena",
            b.objectClass(),
            FieldSpec.ref("qInit"),
            FieldSpec.ref("q050"),
            FieldSpec.ref("q100"));
    ClassHandle allocator =
        b.defineClass(
            "io.netty.buffer.PooledByteBufAllocator",
            b.objectClass(),
            FieldSpec.ref("directArenas"));
    ClassHandle cache =
        b.defineClass(
            "io.netty.buffer.PoolThreadCache", b.objectClass(), FieldSpec.ref("directArena"));
    ClassHandle workers = b.defineClass("a.Workers", b.objectClass());
    for (ClassHandle c : List.of(allocator, workers)) {
      b.stickyClass(c);
    }
    long[] arenaIds = new long[layout.length];
    long[] caches = new long[layout.length];
    int chunks = 0;
    for (int a = 0; a < layout.length; a++) {
      long[] lists = new long[3];
      for (int q = 0; q < 3; q++) {
        long next = 0;
        for (int k = 0; k < layout[a][q]; k++, chunks++) {
          long memory = buffer(direct, 0, true, false, CHUNK_BYTES, 0);
          long handles = b.primitiveArray(new long[4096]).id();
          next = b.instance(chunk, memory, next, handles).id();
        }
        lists[q] = b.instance(list, next).id();
      }
      arenaIds[a] = b.instance(arena, lists[0], lists[1], lists[2]).id();
      caches[a] = b.instance(cache, arenaIds[a]).id();
    }
    allocator.staticField(
        FieldSpec.ref("DEFAULT"),
        b.instance(allocator, b.objectArray(b.arrayClass(arena), arenaIds).id()).id());
    workers.staticField(FieldSpec.ref("CACHES"), b.objectArray(b.arrayClass(cache), caches).id());
    return chunks;
  }

  /**
   * A pool that did not grow did not grow, wherever its chunks moved: 8 chunks all in one arena's
   * {@code q100} (where the descent ends in that list), then the same 8 spread over three arenas'
   * lists (where it ends at each arena). Named by the nearest field, the newer dump's holder was
   * not the older one's, and the pool "grew" from the older dump's 1% to all of its memory.
   */
  @Test
  void aPoolWhoseChunksMovedBetweenArenasDidNotGrow() throws IOException {
    b = HeapDumpBuilder.create().timestamp(1_000);
    int before = nettyPool(new int[][] {{0, 0, 8}});
    service();
    Path older = write();
    b = HeapDumpBuilder.create().timestamp(2_000);
    int after = nettyPool(new int[][] {{1, 0, 2}, {2, 1, 0}, {0, 1, 1}});
    service();
    Path newer = write();
    assertThat(after).isEqualTo(before);

    AnalysisReport report =
        HeapAnalyzer.analyze(newer, new AnalysisOptions(10, List.of(older)), ProgressListener.NONE);

    assertThat(report.suspects()).noneMatch(s -> "growing".equals(s.trend()));
  }

  /**
   * A buffer is not where memory accumulates but one piece of it: a pool's only chunk is held at
   * its list's {@code head}, not "by {@code PoolChunk.memory}", the field of the chunk that holds
   * its buffer (the place the report's native memory lists); the suspect is named by the pool's
   * outermost field, as when its chunks are in several places.
   */
  @Test
  void aSingleBufferIsNamedByWhatHoldsItsHolder() throws IOException {
    b = HeapDumpBuilder.create();
    defineBufferClasses();
    ClassHandle chunk =
        b.defineClass("io.netty.buffer.PoolChunk", b.objectClass(), FieldSpec.ref("memory"));
    ClassHandle list =
        b.defineClass("io.netty.buffer.PoolChunkList", b.objectClass(), FieldSpec.ref("head"));
    ClassHandle allocator =
        b.defineClass("io.netty.buffer.PooledByteBufAllocator", b.objectClass());
    b.stickyClass(allocator);
    long memory = buffer(direct, 0, true, false, 4 << 20, 0);
    allocator.staticField(
        FieldSpec.ref("QINIT"), b.instance(list, b.instance(chunk, memory).id()).id());

    AnalysisReport report = analyze();

    assertThat(report.suspects())
        .filteredOn(s -> s.kind().equals(Suspect.KIND_NATIVE_MEMORY))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.holder()).isEqualTo("io.netty.buffer.PooledByteBufAllocator.QINIT");
              assertThat(s.accumulatedClass()).isEqualTo("io.netty.buffer.PoolChunk");
            });
    assertThat(report.nativeMemory().holders())
        .singleElement()
        .satisfies(h -> assertThat(h.holder()).isEqualTo("io.netty.buffer.PoolChunkList.head"));
  }

  /**
   * Memory allocated through the foreign memory API ({@code Arena.allocate}, JDK 22 and later, as
   * Netty does on JDK 25) belongs to the arena's session, which keeps a cleanup action per
   * allocation with its size: that action owns the memory. Buffers made over such a segment are
   * views. Shapes of JDK 25 ({@code SegmentFactories$1.val$allocationSize}) and JDK 22 ({@code
   * NativeMemorySegmentImpl$1.val$alignedSize}); an arena no one holds waits for the collector.
   */
  @Test
  void allocationsOfTheForeignMemoryApiAreOwnedByTheirArenas() throws IOException {
    b = HeapDumpBuilder.create().shuffleObjects(11);
    defineBufferClasses();
    String foreign = "jdk.internal.foreign.";
    ClassHandle cleanup =
        b.defineClass(
            foreign + "MemorySessionImpl$ResourceList$ResourceCleanup",
            b.objectClass(),
            FieldSpec.ref("next"));
    ClassHandle jdk25 =
        b.defineClass(
            foreign + "SegmentFactories$1",
            cleanup,
            FieldSpec.of("val$allocationBase", long.class),
            FieldSpec.of("val$shouldReserve", boolean.class),
            FieldSpec.of("val$allocationSize", long.class),
            FieldSpec.of("val$cleanupByteSize", long.class));
    ClassHandle jdk22 =
        b.defineClass(
            foreign + "NativeMemorySegmentImpl$1",
            cleanup,
            FieldSpec.of("val$buf", long.class),
            FieldSpec.of("val$alignedSize", long.class),
            FieldSpec.of("val$byteSize", long.class));
    ClassHandle otherCleanup = b.defineClass(foreign + "Other$1", cleanup);
    ClassHandle resources =
        b.defineClass(
            foreign + "SharedSession$SharedResourceList", b.objectClass(), FieldSpec.ref("fst"));
    ClassHandle session =
        b.defineClass(foreign + "SharedSession", b.objectClass(), FieldSpec.ref("resourceList"));
    ClassHandle arena =
        b.defineClass(foreign + "ArenaImpl", b.objectClass(), FieldSpec.ref("session"));
    ClassHandle table = b.defineClass("a.Table", b.objectClass(), FieldSpec.ref("arena"));
    ClassHandle tables = b.defineClass("a.Tables", b.objectClass());
    b.stickyClass(tables);

    long owned = 0;
    int allocations = 0;
    long[] held = new long[6];
    for (int t = 0; t < held.length; t++) {
      long next = b.instance(otherCleanup, 0L).id(); // another kind of cleanup: owns nothing
      for (int k = 0; k < 3; k++, allocations++) {
        long size = 100_000L + random.nextInt(900_000);
        owned += size;
        next =
            t % 2 == 0
                ? b.instance(jdk25, 0x7f00_0000L + k, true, size, size, next).id()
                : b.instance(jdk22, 0x7f00_0000L + k, size, size - 7, next).id();
      }
      long arenaId =
          b.instance(arena, b.instance(session, b.instance(resources, next).id()).id()).id();
      held[t] = b.instance(table, arenaId).id();
    }
    tables.staticField(FieldSpec.ref("TABLES"), b.objectArray(b.arrayClass(table), held).id());
    // nobody holds this arena any more
    b.instance(
        arena,
        b.instance(
                session,
                b.instance(resources, b.instance(jdk25, 1L, true, 555_555L, 555_555L, 0L).id())
                    .id())
            .id());

    AnalysisReport report = analyze();

    assertThat(report.nativeMemory().reachable())
        .isEqualTo(new NativeMemory(owned, allocations, 0, 0));
    assertThat(report.nativeMemory().unreachable()).isEqualTo(new NativeMemory(555_555, 1, 0, 0));
    NativeHolder holder = report.nativeMemory().holders().get(0);
    assertThat(holder.holder()).isEqualTo("a.Tables.TABLES");
    assertThat(holder.accumulatedClass()).isEqualTo("a.Table");
    assertThat(holder.memory()).isEqualTo(new NativeMemory(owned, allocations, 0, 0));
  }

  /** The JDK's buffer classes, with their fields in the JDK's order. */
  private void defineBufferClasses() {
    ClassHandle buf = b.defineClass("java.nio.Buffer", b.objectClass(), capacityAndSegment());
    ClassHandle bytes = b.defineClass("java.nio.ByteBuffer", buf);
    ClassHandle mappedBuffer =
        b.defineClass("java.nio.MappedByteBuffer", bytes, FieldSpec.ref("fd"));
    direct =
        b.defineClass(
            "java.nio.DirectByteBuffer",
            mappedBuffer,
            FieldSpec.ref("att"),
            FieldSpec.ref("cleaner"));
    readOnly = b.defineClass("java.nio.DirectByteBufferR", direct);
    cleaner = b.defineClass("jdk.internal.ref.Cleaner", b.objectClass());
    fd = b.defineClass("java.io.FileDescriptor", b.objectClass());
  }

  private static FieldSpec[] capacityAndSegment() {
    return new FieldSpec[] {FieldSpec.of("capacity", int.class), FieldSpec.ref("segment")};
  }

  private static long[] ids(List<Long> list) {
    return list.stream().mapToLong(Long::longValue).toArray();
  }

  /** The rest of a service's heap, the same in every dump: 4 MB in 2,000 objects. */
  private void service() {
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("data"));
    ClassHandle catalog = b.defineClass("a.Catalog", b.objectClass());
    b.stickyClass(catalog);
    long[] items = new long[2_000];
    for (int i = 0; i < items.length; i++) {
      items[i] = b.instance(item, b.primitiveArray(new byte[2_048]).id()).id();
    }
    catalog.staticField(FieldSpec.ref("ITEMS"), b.objectArray(b.arrayClass(item), items).id());
  }

  private AnalysisReport analyze() throws IOException {
    return HeapAnalyzer.analyze(write(), new AnalysisOptions(10), ProgressListener.NONE);
  }

  private Path write() throws IOException {
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return p;
  }
}
