package io.leakscope.analysis.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A node of the dominator tree as kept in the report: the biggest subtrees only, so that a person
 * can drill down from the heap's top-level objects to what they retain.
 *
 * @param objectId the object's address in the dump, {@code "0x…"}
 * @param className Java-source class name
 * @param shallowBytes the object's own size
 * @param retainedBytes bytes freed if this object became unreachable
 * @param children the biggest objects it immediately dominates, largest retained first
 * @param moreChildren how many immediately dominated objects were left out
 * @param moreRetainedBytes what the left-out children retain together
 * @param representedClass for a {@code java.lang.Class} object, the class it stands for (its
 *     statics are what it retains); otherwise null
 */
public record DominatorNode(
    String objectId,
    String className,
    long shallowBytes,
    long retainedBytes,
    List<DominatorNode> children,
    int moreChildren,
    long moreRetainedBytes,
    @Nullable String representedClass) {

  public DominatorNode {
    children = List.copyOf(children);
  }

  /** A node that is not a class object. */
  public DominatorNode(
      String objectId,
      String className,
      long shallowBytes,
      long retainedBytes,
      List<DominatorNode> children,
      int moreChildren,
      long moreRetainedBytes) {
    this(
        objectId,
        className,
        shallowBytes,
        retainedBytes,
        children,
        moreChildren,
        moreRetainedBytes,
        null);
  }
}
