package io.leakscope.heap;

import io.leakscope.hprof.HprofTag;
import java.util.Arrays;

/**
 * The GC root records of a dump, resolved to object ids. Root {@code i} has an object id ({@code
 * -1} when the object is missing from the dump), a kind (the HPROF sub-record tag), a thread serial
 * (0 when not thread-related) and a frame number ({@code -1} when none; for ROOT_THREAD_OBJECT the
 * stack trace serial).
 */
public final class GcRoots {
  private final int[] ids;
  private final byte[] kinds;
  private final int[] threads;
  private final int[] frames;
  private final int missing;
  private final boolean standIn;

  GcRoots(int[] ids, byte[] kinds, int[] threads, int[] frames, int missing) {
    this(ids, kinds, threads, frames, missing, false);
  }

  private GcRoots(
      int[] ids, byte[] kinds, int[] threads, int[] frames, int missing, boolean standIn) {
    this.ids = ids;
    this.kinds = kinds;
    this.threads = threads;
    this.frames = frames;
    this.missing = missing;
    this.standIn = standIn;
  }

  /**
   * These roots and the roots that stand in for those a truncated dump lost: HotSpot writes a
   * dump's GC roots after all of its objects, so a dump cut off (a full disk, a container killed
   * while the JVM wrote it) has its objects and few of its roots or none, and little would be
   * reachable. Every class object (for its static fields) and every thread object stand in; what
   * only a stack frame or a JNI reference held, and the roots cut off, are left out.
   *
   * @param classObjects the ids of the class objects
   * @param threadObjects the ids of the {@code java.lang.Thread} objects
   */
  GcRoots withStandIns(int[] classObjects, int[] threadObjects) {
    int own = ids.length;
    int r = own + classObjects.length + threadObjects.length;
    int[] allIds = Arrays.copyOf(ids, r);
    byte[] allKinds = Arrays.copyOf(kinds, r);
    System.arraycopy(classObjects, 0, allIds, own, classObjects.length);
    System.arraycopy(threadObjects, 0, allIds, own + classObjects.length, threadObjects.length);
    Arrays.fill(allKinds, own, own + classObjects.length, (byte) HprofTag.ROOT_STICKY_CLASS);
    Arrays.fill(allKinds, own + classObjects.length, r, (byte) HprofTag.ROOT_UNKNOWN);
    return new GcRoots(
        allIds, allKinds, Arrays.copyOf(threads, r), Arrays.copyOf(frames, r), missing, true);
  }

  /** Whether roots stand in for those of a truncated dump (see {@link #withStandIns}). */
  public boolean isStandIn() {
    return standIn;
  }

  public int count() {
    return ids.length;
  }

  public int objectId(int i) {
    return ids[i];
  }

  public int kind(int i) {
    return kinds[i] & 0xff;
  }

  public int threadSerial(int i) {
    return threads[i];
  }

  public int frame(int i) {
    return frames[i];
  }

  /** Root records whose object is not in the dump. */
  public int missingObjects() {
    return missing;
  }

  /** Distinct object ids of all roots present in the dump, ascending. */
  public int[] distinctObjectIds() {
    int[] c = Arrays.stream(ids).filter(x -> x >= 0).sorted().distinct().toArray();
    return c;
  }
}
