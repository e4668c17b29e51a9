package io.leakscope.analysis.report;

import java.util.List;

/**
 * The memory outside the heap that the dump shows: every {@code java.nio.DirectByteBuffer} that
 * owns its memory (no {@code att}: not a slice, duplicate or view of another buffer), split into
 * direct and mapped (a {@code MappedByteBuffer} with a file descriptor) buffers, and the holders
 * that retain most of it.
 *
 * @param reachable owning buffers that are reachable: what the heap keeps alive
 * @param views slices, duplicates and read-only views, which share an owner's memory and are not
 *     counted
 * @param withoutCleaner owning direct buffers that have no cleaner: their memory is freed by
 *     whoever made them (Netty's pooled chunks, native code through JNI), not by the garbage
 *     collector
 * @param unreachable owning buffers that are no longer reachable: their memory is freed once the
 *     collector has found them and their cleaner has run
 * @param holders the fields that retain most native memory, most first
 */
public record NativeMemorySummary(
    NativeMemory reachable,
    long views,
    NativeMemory withoutCleaner,
    NativeMemory unreachable,
    List<NativeHolder> holders) {

  /** A dump without direct buffers. */
  public static final NativeMemorySummary EMPTY =
      new NativeMemorySummary(
          NativeMemory.NONE, 0, NativeMemory.NONE, NativeMemory.NONE, List.of());

  public NativeMemorySummary {
    holders = List.copyOf(holders);
  }
}
