package io.leakscope.junit5;

import io.leakscope.junit5.internal.ResourceRegistry;

/**
 * Tracks resources that a test must close, for {@link CheckLeaks}.
 *
 * <p>Call {@link #track} where a resource is created and {@link #closed} where it is closed,
 * typically in the constructor and {@code close()} of your own resource class, or in a test fixture
 * around a third-party one:
 *
 * <pre>{@code
 * final class PooledConnection implements AutoCloseable {
 *   PooledConnection() { LeakTracker.track(this, "connection to " + url); }
 *   @Override public void close() { LeakTracker.closed(this); ... }
 * }
 * }</pre>
 *
 * <p>While a test annotated with {@code @CheckLeaks} runs, every tracked resource is recorded with
 * the stack where it was tracked. A resource that is still open after the test (after its
 * {@code @AfterEach} methods), or that was garbage-collected without being closed, fails the test
 * with that stack in the message. Resources are matched by identity, not {@code equals}, and held
 * only weakly, so tracking never keeps a resource alive.
 *
 * <p>Outside checked tests both methods do nothing beyond one volatile read, so they may stay in
 * production code. Thread-safe: a resource may be tracked on one thread and closed on another; a
 * resource tracked on any thread while a checked test runs belongs to that test, so run checked
 * tests sequentially.
 */
public final class LeakTracker {

  private LeakTracker() {}

  /**
   * Starts tracking {@code resource}, described by its class name and identity hash code.
   *
   * @param resource the resource; not null
   * @return {@code resource} itself, for use in an expression
   * @throws NullPointerException if {@code resource} is null
   */
  public static <T> T track(T resource) {
    return track(resource, null);
  }

  /**
   * Starts tracking {@code resource} under the given description. Tracking an object that is
   * already tracked and open does nothing.
   *
   * @param resource the resource; not null
   * @param description what a failure message calls the resource; null for its class name and
   *     identity hash code
   * @return {@code resource} itself, for use in an expression
   * @throws NullPointerException if {@code resource} is null
   */
  public static <T> T track(T resource, String description) {
    ResourceRegistry.global().track(resource, description);
    return resource;
  }

  /**
   * Records that {@code resource} has been closed. Does nothing if it is null, not tracked, or
   * already recorded as closed, so it is safe to call from an idempotent {@code close()}.
   *
   * @param resource the resource, the same object (by identity) that was passed to {@link #track}
   */
  public static void closed(Object resource) {
    ResourceRegistry.global().closed(resource);
  }
}
