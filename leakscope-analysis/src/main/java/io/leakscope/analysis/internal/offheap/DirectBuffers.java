package io.leakscope.analysis.internal.offheap;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.suspects.LeakSuspectFinder;
import io.leakscope.analysis.report.NativeMemory;
import io.leakscope.heap.ClassColumn;
import io.leakscope.heap.HeapIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The direct buffers of a dump that own native memory, and what each object retains of it.
 *
 * <p>Design note. A {@code java.nio.DirectByteBuffer} (or its read-only subclass) points at native
 * memory of {@code capacity} bytes. Only a buffer whose {@code att} is null owns that memory: a
 * slice, duplicate or read-only view keeps its owner in {@code att} and shares the owner's memory,
 * so counting it again would count the same bytes twice (Netty's pooled arenas slice one big chunk
 * into many buffers in the same way). An owner with a file descriptor ({@code MappedByteBuffer.fd})
 * maps a file: file-backed memory that the operating system pages in and out, counted apart. A
 * buffer made over a {@code MemorySegment} ({@code segment} set) belongs to the segment and is left
 * out. An owner normally has a cleaner that frees its memory once the buffer is unreachable; one
 * without (made through JNI, or by Netty without a cleaner) is freed by whoever made it, and is
 * counted, as its memory is in use while the buffer lives.
 *
 * <p>What an object retains outside the heap is the sum over the owning buffers in its retained
 * set, i.e. those it dominates: found by walking from each owner up its chain of immediate
 * dominators. That costs owners × depth of the dominator tree, and memory only for the objects
 * asked about; nothing per heap object.
 *
 * <p>Cost of {@link #find}: one scan of the class of every object (an {@code int[]} read), and for
 * each buffer a few field reads from the dump (its {@code att} first: views cost one read).
 */
public final class DirectBuffers {
  /** The class whose instances point at native memory. */
  public static final String DIRECT_BUFFER = "java.nio.DirectByteBuffer";

  /** What an arena of the foreign memory API keeps for each native allocation, to free it. */
  static final String SEGMENT_CLEANUP =
      "jdk.internal.foreign.MemorySessionImpl$ResourceList$ResourceCleanup";

  private static final DirectBuffers NONE =
      new DirectBuffers(
          new int[0], new long[0], new boolean[0], new boolean[0], 0, NativeMemory.NONE);

  private final int[] owners; // ascending object ids
  private final long[] capacity;
  private final boolean[] mapped;
  private final boolean[] reachable;
  private final long views;
  private final NativeMemory withoutCleaner;

  private DirectBuffers(
      int[] owners,
      long[] capacity,
      boolean[] mapped,
      boolean[] reachable,
      long views,
      NativeMemory withoutCleaner) {
    this.owners = owners;
    this.capacity = capacity;
    this.mapped = mapped;
    this.reachable = reachable;
    this.views = views;
    this.withoutCleaner = withoutCleaner;
  }

  /** Finds the direct buffers of {@code index} and which of them own their memory. */
  public static DirectBuffers find(HeapIndex index, DominatorTree tree) throws IOException {
    boolean[] bufferClass = new boolean[index.classCount()];
    boolean[] segmentClass = new boolean[index.classCount()];
    boolean any = false;
    for (int c = 0; c < bufferClass.length; c++) {
      // superclass chains are free of cycles (checked when the index is built)
      for (int k = c;
          k >= 0 && !bufferClass[c] && !segmentClass[c];
          k = index.heapClass(k).superIndex()) {
        bufferClass[c] = index.heapClass(k).name().equals(DIRECT_BUFFER);
        segmentClass[c] = index.heapClass(k).name().equals(SEGMENT_CLEANUP);
      }
      any |= (bufferClass[c] || segmentClass[c]) && index.instanceCount(c) > 0;
    }
    if (!any) {
      return NONE;
    }
    ClassColumn classOf = index.classColumn();
    Set<Integer> chunkMemory = nettyChunkMemory(index, classOf);
    int[] ids = new int[16];
    long[] bytes = new long[16];
    boolean[] maps = new boolean[16];
    boolean[] live = new boolean[16];
    int count = 0;
    long views = 0;
    NativeMemory withoutCleaner = NativeMemory.NONE;
    for (int id = 0; id < index.objectCount(); id++) {
      int c = classOf.get(id);
      long owned = -1;
      boolean isMapped = false;
      if (segmentClass[c]) {
        owned = segmentAllocation(index, id);
      } else if (bufferClass[c]) {
        owned = bufferCapacity(index, id, chunkMemory);
        if (owned == WITHOUT_CLEANER) {
          if (tree.isReachable(id)) {
            Long cap = index.findPrimitiveField(id, "capacity");
            withoutCleaner =
                withoutCleaner.plus(new NativeMemory(Math.max(0, (int) (long) cap), 1, 0, 0));
          }
          continue;
        }
        if (owned == VIEW) {
          views++;
          continue;
        }
        isMapped = owned >= 0 && nonNull(index.findAnyField(id, "fd"));
      }
      if (owned < 0) {
        continue;
      }
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
        bytes = Arrays.copyOf(bytes, count * 2);
        maps = Arrays.copyOf(maps, count * 2);
        live = Arrays.copyOf(live, count * 2);
      }
      ids[count] = id;
      bytes[count] = owned;
      maps[count] = isMapped;
      live[count] = tree.isReachable(id);
      count++;
    }
    return new DirectBuffers(
        Arrays.copyOf(ids, count),
        Arrays.copyOf(bytes, count),
        Arrays.copyOf(maps, count),
        Arrays.copyOf(live, count),
        views,
        withoutCleaner);
  }

  private static final long VIEW = -2;
  private static final long WITHOUT_CLEANER = -3;

  /**
   * The bytes a direct buffer owns: its capacity; {@link #VIEW} for a slice, duplicate or view
   * (over another buffer, or over a memory segment, which owns the memory); {@link
   * #WITHOUT_CLEANER} for one whose memory someone else frees; -1 for a class that is not the
   * JDK's.
   */
  private static long bufferCapacity(HeapIndex index, int id, Set<Integer> chunkMemory)
      throws IOException {
    if (nonNull(index.findAnyField(id, "att")) || nonNull(index.findAnyField(id, "segment"))) {
      return VIEW;
    }
    Long cap = index.findPrimitiveField(id, "capacity");
    if (cap == null) {
      return -1; // not the JDK's class after all
    }
    boolean isMapped = nonNull(index.findAnyField(id, "fd"));
    if (!isMapped && !nonNull(index.findAnyField(id, "cleaner")) && !chunkMemory.contains(id)) {
      return WITHOUT_CLEANER;
    }
    return Math.max(0, (int) (long) cap);
  }

  /**
   * The bytes of one native allocation of the foreign memory API ({@code Arena.allocate}, JDK 22
   * and later): the cleanup action the arena's session keeps for it, which frees it when the arena
   * is closed (or, for an automatic arena, once it is unreachable). Its size is a field the JDK's
   * compiler made from a captured local: {@code val$allocationSize} (JDK 25) or {@code
   * val$alignedSize} (JDK 22 to 24); -1 when it has neither (another kind of cleanup).
   */
  private static long segmentAllocation(HeapIndex index, int id) throws IOException {
    for (String field : new String[] {"val$allocationSize", "val$alignedSize"}) {
      Long size = index.findPrimitiveField(id, field);
      if (size != null) {
        return Math.max(0, size);
      }
    }
    return -1;
  }

  /**
   * The buffers that Netty's pooled chunks allocated: {@code PoolChunk.memory} and {@code base}.
   */
  private static Set<Integer> nettyChunkMemory(HeapIndex index, ClassColumn classOf)
      throws IOException {
    boolean[] chunk = new boolean[index.classCount()];
    for (int c = 0; c < chunk.length; c++) {
      chunk[c] = index.heapClass(c).name().endsWith(".PoolChunk");
    }
    boolean any = index.hasInstances(chunk);
    Set<Integer> memory = new HashSet<>();
    for (int id = 0; any && id < index.objectCount(); id++) {
      if (chunk[classOf.get(id)]) {
        for (String field : new String[] {"memory", "base"}) {
          Long address = index.findReferenceField(id, field);
          int target = address == null ? -1 : index.referencedObjectAt(id, address);
          if (target >= 0) {
            memory.add(target);
          }
        }
      }
    }
    return memory;
  }

  private static boolean nonNull(Long address) {
    return address != null && address != 0;
  }

  /** How many buffers own their memory, reachable or not. */
  public int ownerCount() {
    return owners.length;
  }

  /** Slices, duplicates and views, which share an owner's memory. */
  public long views() {
    return views;
  }

  /** Reachable direct buffers without a cleaner over memory they do not own: not counted. */
  public NativeMemory withoutCleaner() {
    return withoutCleaner;
  }

  /** The owning buffers that are reachable (or not): what the heap keeps alive. */
  public NativeMemory total(boolean ofReachable) {
    NativeMemory sum = NativeMemory.NONE;
    for (int k = 0; k < owners.length; k++) {
      if (reachable[k] == ofReachable) {
        sum = sum.plus(of(k));
      }
    }
    return sum;
  }

  private NativeMemory of(int k) {
    return mapped[k]
        ? new NativeMemory(0, 0, capacity[k], 1)
        : new NativeMemory(capacity[k], 1, 0, 0);
  }

  /**
   * What each of {@code objects} retains outside the heap: the reachable owning buffers it
   * dominates (itself included).
   *
   * @return one entry per object, in the same order
   */
  public NativeMemory[] retainedBy(DominatorTree tree, int[] objects) {
    Map<Integer, Integer> slot = new HashMap<>();
    for (int i = 0; i < objects.length; i++) {
      slot.putIfAbsent(objects[i], i);
    }
    NativeMemory[] sums = new NativeMemory[objects.length];
    Arrays.fill(sums, NativeMemory.NONE);
    for (int k = 0; k < owners.length; k++) {
      if (!reachable[k]) {
        continue;
      }
      for (int x = owners[k]; x >= 0; x = tree.immediateDominator(x)) {
        Integer i = slot.get(x);
        if (i != null) {
          sums[i] = sums[i].plus(of(k));
        }
      }
    }
    for (int i = 0; i < objects.length; i++) {
      sums[i] = sums[slot.get(objects[i])];
    }
    return sums;
  }

  /**
   * For each of {@code points}, the class of the objects that hold most of the native memory of the
   * owning buffers it dominates, or -1 when it dominates none. A buffer is held by its immediate
   * dominator (a chunk of Netty's pooled allocator, a connection of the application), or is itself
   * what is stored when that dominator is the JDK's collection plumbing (a list's array, a map's
   * node). Weighed by native bytes, not by the heap the holders take: a chunk's bookkeeping arrays
   * are bigger on the heap than the chunk, and hold no buffer.
   */
  public int[] heldAs(HeapIndex index, DominatorTree tree, int[] points) {
    Map<Integer, Integer> slot = new HashMap<>();
    for (int i = 0; i < points.length; i++) {
      slot.putIfAbsent(points[i], i);
    }
    List<Map<Integer, Long>> byClass = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      byClass.add(new HashMap<>());
    }
    for (int k = 0; k < owners.length; k++) {
      if (!reachable[k]) {
        continue;
      }
      // above an allocation of the foreign memory API are its session and arena, and often a
      // library's cleanable wrapper: the holder is what holds those
      int below = owners[k];
      int up = tree.immediateDominator(below);
      while (up >= 0 && ownership(index.heapClass(index.classOf(up)).name())) {
        below = up;
        up = tree.immediateDominator(up);
      }
      int holder =
          up < 0
                  || LeakSuspectFinder.isCollectionInternal(
                      index.heapClass(index.classOf(up)).name())
              ? index.classOf(below)
              : index.classOf(up);
      long bytes = capacity[k];
      for (int x = owners[k]; x >= 0; x = tree.immediateDominator(x)) {
        Integer i = slot.get(x);
        if (i != null) {
          byClass.get(i).merge(holder, bytes, Long::sum);
        }
      }
    }
    int[] out = new int[points.length];
    for (int i = 0; i < points.length; i++) {
      out[i] =
          byClass.get(slot.get(points[i])).entrySet().stream()
              .max(
                  Map.Entry.<Integer, Long>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
              .map(Map.Entry::getKey)
              .orElse(-1);
    }
    return out;
  }

  /**
   * Whether {@code id} is an owner of native memory or part of how one owns it (a session, an
   * arena, a cleanable wrapper): not a place where memory accumulates, but one piece of it.
   */
  boolean isOwnership(HeapIndex index, int id) {
    return Arrays.binarySearch(owners, id) >= 0
        || ownership(index.heapClass(index.classOf(id)).name());
  }

  /**
   * Whether objects of {@code className} are part of how memory is owned rather than what holds it:
   * the foreign memory API's sessions, arenas and segments, and cleanable wrappers (Netty's {@code
   * CleanableDirectBufferImpl}).
   */
  private static boolean ownership(String className) {
    return className.startsWith("jdk.internal.foreign.") || className.contains("Cleanable");
  }

  /**
   * The native memory of the reachable owning buffers summed into every object that retains one of
   * them: its key set is the owners and their dominators. Values are {direct bytes, mapped bytes}.
   */
  Map<Integer, long[]> retainedByAncestors(DominatorTree tree) {
    Map<Integer, long[]> weights = new HashMap<>();
    for (int k = 0; k < owners.length; k++) {
      if (!reachable[k]) {
        continue;
      }
      for (int x = owners[k]; x >= 0; x = tree.immediateDominator(x)) {
        long[] w = weights.computeIfAbsent(x, v -> new long[2]);
        w[mapped[k] ? 1 : 0] += capacity[k];
      }
    }
    return weights;
  }
}
