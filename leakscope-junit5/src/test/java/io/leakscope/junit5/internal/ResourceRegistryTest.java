package io.leakscope.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.junit5.probe.Gc;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceRegistryTest {

  private final ResourceRegistry registry = new ResourceRegistry();

  @Test
  void cleanerActionDoesNotKeepTheResourceAlive() {
    ResourceRegistry.Scope scope = registry.begin();
    Object resource = new Object();
    WeakReference<Object> ref = new WeakReference<>(resource);
    registry.track(resource, "dropped");
    resource = null;

    assertThat(Gc.awaitCleared(ref)).as("tracked-then-dropped resource collected").isTrue();
    assertThat(Gc.await(() -> registry.openCount() == 0)).as("cleaner ran").isTrue();
    List<TrackedResource> unclosed = scope.end();
    assertThat(unclosed).hasSize(1);
    assertThat(unclosed.get(0).wasCollectedOpen()).isTrue();
  }

  @Test
  void resourcesAreMatchedByIdentityNotEquals() {
    ResourceRegistry.Scope scope = registry.begin();
    List<String> first = new ArrayList<>();
    List<String> equalTwin = new ArrayList<>();
    registry.track(first, "first");
    registry.track(equalTwin, "twin");

    registry.closed(new ArrayList<String>());
    registry.closed(first);

    assertThat(scope.end()).extracting(TrackedResource::description).containsExactly("twin");
  }

  @Test
  void withNoScopeOpenNothingIsRecorded() {
    registry.track(new Object(), "ignored");

    assertThat(registry.openCount()).isZero();
    assertThat(registry.begin().end()).isEmpty();
  }

  @Test
  void trackingNullIsRejected() {
    registry.begin();
    assertThatThrownBy(() -> registry.track(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("resource");
  }
}
