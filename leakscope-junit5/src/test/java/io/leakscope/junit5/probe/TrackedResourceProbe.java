package io.leakscope.junit5.probe;

import io.leakscope.junit5.CheckLeaks;
import io.leakscope.junit5.LeakTracker;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resources tracked with {@link LeakTracker}: left open, closed, and dropped without closing. */
@CheckLeaks(lingerMillis = 0)
public class TrackedResourceProbe {

  /** Keeps the resource of {@link #leavesResourceOpen()} reachable, so it is still open. */
  public static volatile Object held;

  private Handle closedInAfterEach;

  /** A resource class that reports itself to the tracker, as a user's own class would. */
  public static final class Handle implements AutoCloseable {
    Handle(String name) {
      LeakTracker.track(this, name);
    }

    @Override
    public void close() {
      LeakTracker.closed(this);
    }
  }

  @Test
  void leavesResourceOpen() {
    held = LeakTracker.track(new StringBuilder("not closed"), "socket to test-db");
  }

  @Test
  void closesItsResource() {
    try (Handle handle = new Handle("closed handle")) {
      handle.close(); // twice: closing must be idempotent
    }
  }

  @Test
  void tracksResourceClosedByAfterEach() {
    closedInAfterEach = new Handle("fixture handle");
  }

  @Test
  void dropsResourceUnclosed() {
    WeakReference<Handle> ref = new WeakReference<>(new Handle("dropped handle"));
    if (!Gc.awaitCleared(ref)) {
      throw new IllegalStateException("tracked handle was not collected: tracking keeps it alive");
    }
  }

  @AfterEach
  void closeFixture() {
    if (closedInAfterEach != null) {
      closedInAfterEach.close();
    }
  }
}
