package io.leakscope.analysis.report;

import org.jspecify.annotations.Nullable;

/**
 * Where a share of the dump's unreachable objects hangs from: objects of one class that nothing in
 * the dump refers to with a strong reference, and the unreachable objects reached from them.
 *
 * <p>In a dump of live objects (what {@code jcmd GC.heap_dump} writes by default; a dump on {@code
 * OutOfMemoryError} follows a full collection) such objects are alive: held only through soft or
 * weak references, or by what HotSpot does not write to the dump, such as the fields of class
 * objects ({@code ClassValue} maps, reflection data, annotations). In a dump of all objects they
 * are also garbage not yet collected.
 *
 * @param className the class of the objects it starts at
 * @param starts how many such objects no strong reference in the dump refers to
 * @param objects the unreachable objects reached from them, themselves included, each counted in
 *     one start only (the first that reaches it, in the dump's order)
 * @param bytes the shallow bytes of those objects
 * @param softlyReferenced of the starts, those a {@code SoftReference} refers to (a cache the
 *     collector clears when it needs the memory); null when not counted (more than 4,000,000
 *     starts)
 * @param weaklyReferenced of the starts, those a weak, phantom or finalizer reference refers to,
 *     and no soft one; null when not counted
 */
public record UnreachableStart(
    String className,
    long starts,
    long objects,
    long bytes,
    @Nullable Long softlyReferenced,
    @Nullable Long weaklyReferenced) {}
