package io.leakscope.junit5.internal;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;

/**
 * One resource handed to {@code LeakTracker.track}: its description, where it was created, and
 * whether it was closed or garbage-collected while open. Holds the resource only weakly, so a
 * record never keeps its resource alive.
 *
 * <p>Thread-safe: the flags are volatile, because a resource may be closed on another thread and
 * the collection flag is set on the cleaner thread.
 */
public final class TrackedResource {

  private final IdentityKey key;
  private final String description;
  private final Throwable creation;
  private volatile boolean closed;
  private volatile boolean collectedOpen;
  private volatile Cleaner.Cleanable cleanable;

  TrackedResource(IdentityKey key, String description, Throwable creation) {
    this.key = key;
    this.description = description;
    this.creation = creation;
  }

  /** Returns what the report calls this resource. */
  public String description() {
    return description;
  }

  /** Returns a throwable whose stack trace is where the resource was tracked. */
  public Throwable creation() {
    return creation;
  }

  /** Returns whether {@code LeakTracker.closed} was called for the resource. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Returns whether the resource was garbage-collected without being closed. True as soon as the
   * collector clears it, even before the cleaner thread has recorded it.
   */
  public boolean wasCollectedOpen() {
    return !closed && (collectedOpen || key.get() == null);
  }

  IdentityKey key() {
    return key;
  }

  void markClosed() {
    closed = true;
    Cleaner.Cleanable registered = cleanable;
    if (registered != null) {
      registered.clean(); // deregisters, so the cleaner thread has nothing left to do for it
    }
  }

  void markCollected() {
    if (!closed) {
      collectedOpen = true;
    }
  }

  void registered(Cleaner.Cleanable cleanable) {
    this.cleanable = cleanable;
  }

  /**
   * A weak, identity-based map key: two keys are equal when they refer to the same live object,
   * whatever its {@code equals} says. A key whose referent is gone equals only itself.
   */
  static final class IdentityKey extends WeakReference<Object> {
    private final int hash;

    IdentityKey(Object referent) {
      super(referent);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof IdentityKey that) || hash != that.hash) {
        return false;
      }
      Object referent = get();
      return referent != null && referent == that.get();
    }
  }
}
