package io.leakscope.analysis.report;

import java.util.List;

/**
 * One of the biggest objects by retained size.
 *
 * @param objectId the object's address in the dump, {@code "0x…"}
 * @param className Java-source class name
 * @param shallowBytes the object's own size
 * @param retainedBytes bytes freed if this object became unreachable
 * @param pathFromGcRoot shortest path from a GC root, root first (e.g. {@code "static
 *     com.acme.Registry.sessions"}, {@code "java.util.HashMap.table"}, {@code "[12]"}); empty when
 *     the object is itself a root
 */
public record DominatorEntry(
    String objectId,
    String className,
    long shallowBytes,
    long retainedBytes,
    List<String> pathFromGcRoot) {

  public DominatorEntry {
    pathFromGcRoot = PathSteps.fold(pathFromGcRoot);
  }
}
