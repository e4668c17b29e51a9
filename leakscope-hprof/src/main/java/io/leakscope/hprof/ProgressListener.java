package io.leakscope.hprof;

import java.nio.file.Path;

/**
 * Receives progress of long work (reading a dump, building an index, computing dominators).
 *
 * <p>Called from the working thread; implementations must be cheap. To cancel the work, throw
 * {@link java.util.concurrent.CancellationException} from {@link #update}.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores all progress. */
  ProgressListener NONE = (phase, done, total) -> {};

  /**
   * @param phase short name of the current phase, e.g. {@code "reading"}, {@code "dominators"}
   * @param done units of work done in this phase
   * @param total units of work in this phase, or -1 if unknown
   */
  void update(String phase, long done, long total);

  /**
   * Called once per dump indexed, when the first pass has counted its objects and before the
   * structures that grow with them are made (the references are counted by the second pass): where
   * a caller can warn, from the count alone, that even the index will not fit. Ignored by default.
   *
   * @param dump the dump, as the caller named it
   * @param objects the dump's objects, class objects included
   */
  default void counted(Path dump, long objects) {}

  /**
   * Called once per dump indexed, after {@link #counted} and before the second pass reads the
   * references: the objects' reference fields and array elements are counted, so the references are
   * known to be at most that many (null ones are left out later, often a third or more). Where a
   * caller can warn that the references, which take most of the memory in a dump made mostly of
   * them, may not fit. Ignored by default.
   *
   * @param dump the dump, as the caller named it
   * @param objects the dump's objects, class objects included
   * @param atMostReferences the reference fields and object array elements of those objects
   */
  default void bounded(Path dump, long objects, long atMostReferences) {}

  /**
   * Called once per dump analyzed, when its index is built: its objects and references are counted,
   * and the phases that hold the most memory are still to come. A caller that knows what the work
   * costs can warn there that it will not fit, minutes before it would run out of memory. Ignored
   * by default.
   *
   * @param dump the dump, as the caller named it
   * @param objects the dump's objects, class objects included
   * @param references the references between them (null ones left out)
   */
  default void indexed(Path dump, long objects, long references) {}
}
