package io.leakscope.heap.internal;

import io.leakscope.heap.ObjectLayout;
import java.util.Arrays;

/**
 * The occupied bytes of an instance under an {@link ObjectLayout}, built class by class from the
 * superclass down, so that subclasses can fill gaps the superclass left (as HotSpot does since JDK
 * 15). Memory: one bit-per-byte mask of the instance per class while sizes are computed.
 */
public final class FieldLayout {
  private final boolean[] used;
  private final int end;
  private final boolean padded;

  private FieldLayout(boolean[] used, int end, boolean padded) {
    this.used = used;
    this.end = end;
    this.padded = padded;
  }

  /** The layout of {@code java.lang.Object}: just the header. */
  public static FieldLayout root(ObjectLayout layout) {
    boolean[] u = new boolean[layout.headerBytes()];
    Arrays.fill(u, true);
    return new FieldLayout(u, layout.headerBytes(), false);
  }

  /** End of the last field (before alignment padding). */
  public int end() {
    return end;
  }

  /**
   * This layout extended by fields of the given byte sizes (references passed with their in-object
   * size). Primitives are placed largest first, then references, each best-fit into gaps.
   */
  public FieldLayout extend(int[] primitiveSizes, int referenceCount, int referenceBytes) {
    return extend(
        primitiveSizes, referenceCount, referenceBytes, false, new int[0][], new int[0], 0);
  }

  /**
   * As {@link #extend(int[], int, int)}, with HotSpot's {@code @Contended} padding: a class-level
   * annotation puts {@code padding} bytes before the class's own fields (which then cannot fill the
   * superclass's gaps); each field group is appended after {@code padding} bytes; and either adds
   * {@code padding} bytes at the end.
   */
  public FieldLayout extend(
      int[] primitiveSizes,
      int referenceCount,
      int referenceBytes,
      boolean classContended,
      int[][] groupPrimitiveSizes,
      int[] groupReferenceCounts,
      int padding) {
    int total = end + 3 * padding + 16;
    for (int s : primitiveSizes) {
      total += s + 8;
    }
    total += referenceCount * (referenceBytes + 8);
    for (int g = 0; g < groupPrimitiveSizes.length; g++) {
      total += padding;
      for (int s : groupPrimitiveSizes[g]) {
        total += s + 8;
      }
      total += groupReferenceCounts[g] * (referenceBytes + 8);
    }
    boolean[] u = Arrays.copyOf(used, total);
    if (padded) {
      // HotSpot fills the gaps of a padded superclass with padding, so subclasses cannot use them
      Arrays.fill(u, 0, end, true);
    }
    int e = end;
    int from = 0;
    if (classContended) {
      e = pad(u, e, padding);
      from = e;
    }
    e = placeAll(u, e, from, primitiveSizes, referenceCount, referenceBytes);
    for (int g = 0; g < groupPrimitiveSizes.length; g++) {
      e = pad(u, e, padding);
      // a contended group is appended: HotSpot leaves its alignment gaps unused (seen on JDK 17)
      e =
          placeAll(
              u,
              e,
              Integer.MAX_VALUE,
              groupPrimitiveSizes[g],
              groupReferenceCounts[g],
              referenceBytes);
    }
    boolean padsNow = classContended || groupPrimitiveSizes.length > 0;
    if (padsNow) {
      e = pad(u, e, padding);
    }
    return new FieldLayout(Arrays.copyOf(u, e), e, padsNow);
  }

  private static int pad(boolean[] u, int e, int padding) {
    Arrays.fill(u, e, e + padding, true);
    return e + padding;
  }

  private static int placeAll(
      boolean[] u, int e, int from, int[] primitiveSizes, int refs, int refBytes) {
    int[] prims = primitiveSizes.clone();
    Arrays.sort(prims);
    for (int i = prims.length - 1; i >= 0; i--) {
      e = place(u, e, from, prims[i]);
    }
    for (int i = 0; i < refs; i++) {
      e = place(u, e, from, refBytes);
    }
    return e;
  }

  /** Places one field of {@code size} bytes at or after {@code from}; returns the new end. */
  private static int place(boolean[] u, int end, int from, int size) {
    int bestStart = -1;
    int bestGap = Integer.MAX_VALUE;
    int i = Math.min(from, end);
    while (i < end) {
      if (u[i]) {
        i++;
        continue;
      }
      int gapStart = i;
      while (i < end && !u[i]) {
        i++;
      }
      int gap = i - gapStart;
      int slot = ObjectLayout.align(gapStart, size);
      if (slot + size <= i && gap < bestGap) {
        bestGap = gap;
        bestStart = slot;
      }
    }
    int at = bestStart >= 0 ? bestStart : ObjectLayout.align(end, size);
    for (int k = at; k < at + size; k++) {
      u[k] = true;
    }
    return Math.max(end, at + size);
  }
}
