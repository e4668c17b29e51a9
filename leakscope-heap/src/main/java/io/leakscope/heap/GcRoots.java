package io.leakscope.heap;

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

  GcRoots(int[] ids, byte[] kinds, int[] threads, int[] frames, int missing) {
    this.ids = ids;
    this.kinds = kinds;
    this.threads = threads;
    this.frames = frames;
    this.missing = missing;
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
