package io.leakscope.junit5.internal;

import io.leakscope.junit5.internal.TrackedResource.IdentityKey;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records tracked resources while at least one {@link Scope} (one checked test) is open.
 *
 * <p>Design note: open resources sit in an identity map keyed by a weak reference, so {@code
 * closed(resource)} finds its record in O(1) whatever the resource's {@code equals}, and the map
 * never keeps a resource alive. Each record is registered with a {@link Cleaner} whose action holds
 * only the record, never the resource (an action that reached the resource would make it
 * unreachable never). Closing deregisters the record, so only resources collected while open ever
 * reach the cleaner thread. Cost per tracked resource: one record, one weak key, one phantom
 * cleanable and one creation {@link Throwable} with its stack (the dominant part, a few hundred
 * bytes). With no scope open, {@code track} is one volatile read and records nothing.
 *
 * <p>Thread-safe: resources may be tracked and closed on any thread.
 */
public final class ResourceRegistry {

  /** Name of the thread that records collected resources; the thread check ignores it. */
  public static final String CLEANER_THREAD = "leakscope-cleaner";

  private static final ResourceRegistry GLOBAL = new ResourceRegistry();

  private final Map<IdentityKey, TrackedResource> open = new ConcurrentHashMap<>();
  private final List<Scope> scopes = new CopyOnWriteArrayList<>();
  private volatile Cleaner cleaner;

  ResourceRegistry() {}

  /** Returns the registry behind {@code LeakTracker}. */
  public static ResourceRegistry global() {
    return GLOBAL;
  }

  /** Starts recording resources tracked from now on, on any thread, until {@link Scope#end()}. */
  public Scope begin() {
    Scope scope = new Scope(this);
    scopes.add(scope);
    return scope;
  }

  /**
   * Records {@code resource} in every open scope, unless no scope is open or it is already
   * recorded.
   *
   * @param resource not null
   * @param description what the report calls it, or null for its class name and identity hash
   */
  public void track(Object resource, String description) {
    Objects.requireNonNull(resource, "resource");
    if (scopes.isEmpty()) {
      return;
    }
    IdentityKey key = new IdentityKey(resource);
    String name =
        description != null
            ? description
            : resource.getClass().getName()
                + "@"
                + Integer.toHexString(System.identityHashCode(resource));
    TrackedResource record =
        new TrackedResource(key, name, new Throwable("tracked resource created here"));
    if (open.putIfAbsent(key, record) != null) {
      return;
    }
    record.registered(cleaner().register(resource, new OnCollected(open, record)));
    for (Scope scope : scopes) {
      scope.tracked.add(record);
    }
  }

  /** Marks {@code resource} closed; does nothing if it is not recorded or already closed. */
  public void closed(Object resource) {
    if (resource == null) {
      return;
    }
    TrackedResource record = open.remove(new IdentityKey(resource));
    if (record != null) {
      record.markClosed();
    }
  }

  /** Returns how many recorded resources are neither closed nor collected yet. */
  int openCount() {
    return open.size();
  }

  private Cleaner cleaner() {
    Cleaner existing = cleaner;
    if (existing == null) {
      synchronized (this) {
        existing = cleaner;
        if (existing == null) {
          existing = Cleaner.create(task -> new Thread(task, CLEANER_THREAD));
          cleaner = existing;
        }
      }
    }
    return existing;
  }

  /** The cleaner action. Must not reference the resource, or it would keep it alive. */
  private static final class OnCollected implements Runnable {
    private final Map<IdentityKey, TrackedResource> open;
    private final TrackedResource record;

    OnCollected(Map<IdentityKey, TrackedResource> open, TrackedResource record) {
      this.open = open;
      this.record = record;
    }

    @Override
    public void run() {
      open.remove(record.key(), record);
      record.markCollected();
    }
  }

  /** The resources tracked while one checked test ran. Thread-safe. */
  public static final class Scope {
    private final ResourceRegistry registry;
    private final Queue<TrackedResource> tracked = new ConcurrentLinkedQueue<>();

    private Scope(ResourceRegistry registry) {
      this.registry = registry;
    }

    /**
     * Stops recording and returns the resources tracked in this scope that were not closed, in
     * tracking order: still open, or garbage-collected while open.
     */
    public List<TrackedResource> end() {
      registry.scopes.remove(this);
      List<TrackedResource> unclosed = new ArrayList<>();
      for (TrackedResource record : tracked) {
        if (!record.isClosed()) {
          unclosed.add(record);
        }
      }
      return unclosed;
    }
  }
}
