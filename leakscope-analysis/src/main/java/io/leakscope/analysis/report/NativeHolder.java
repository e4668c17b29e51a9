package io.leakscope.analysis.report;

import java.util.List;

/**
 * A holder of memory outside the heap: the field that keeps direct or mapped buffers alive.
 *
 * @param holder the field, named as a suspect's holder is ({@code Class.field})
 * @param accumulatedClass what the buffers are held in or as (the application's class that wraps
 *     them, or {@code java.nio.DirectByteBuffer})
 * @param memory the native memory it retains: the owning buffers in its retained set
 * @param pathFromGcRoot path from a GC root to the object where the buffers accumulate, root first
 */
public record NativeHolder(
    String holder, String accumulatedClass, NativeMemory memory, List<String> pathFromGcRoot) {
  public NativeHolder {
    pathFromGcRoot = PathSteps.fold(pathFromGcRoot);
  }
}
