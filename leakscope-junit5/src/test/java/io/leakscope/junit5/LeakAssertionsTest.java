package io.leakscope.junit5;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeakAssertionsTest {

  /** Stands in for a registry that forgets to unregister. */
  private static final List<Object> REGISTRY = new ArrayList<>();

  /** A distinct class, so the failure message can be checked for its name. */
  static final class Listener {}

  @AfterEach
  void clearRegistry() {
    REGISTRY.clear();
  }

  @Test
  void objectHeldInAStaticListIsReportedByClass() {
    Listener listener = new Listener();
    REGISTRY.add(listener);
    WeakReference<Listener> ref = new WeakReference<>(listener);
    listener = null;

    assertThatThrownBy(() -> LeakAssertions.assertCollectable(ref))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(Listener.class.getName() + "@")
        .hasMessageContaining("is still reachable after 50 garbage collections");
  }

  @Test
  void droppedObjectIsCollectable() {
    Listener listener = new Listener();
    WeakReference<Listener> ref = new WeakReference<>(listener);
    listener = null;

    assertThatCode(() -> LeakAssertions.assertCollectable(ref)).doesNotThrowAnyException();
  }

  @Test
  void releaseRunsBeforeTheCheck() {
    Listener listener = new Listener();
    REGISTRY.add(listener);
    WeakReference<Listener> ref = new WeakReference<>(listener);
    listener = null;

    assertThatCode(() -> LeakAssertions.assertCollectable(REGISTRY::clear, ref))
        .doesNotThrowAnyException();
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> LeakAssertions.assertCollectable(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ref");
    assertThatThrownBy(() -> LeakAssertions.assertCollectable(null, new WeakReference<>("x")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("release");
  }
}
