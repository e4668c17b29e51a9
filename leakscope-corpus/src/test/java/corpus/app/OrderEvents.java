package corpus.app;

import com.google.common.eventbus.EventBus;

/** The event bus of {@link OrderService}. */
public final class OrderEvents {
  /** The leak: a listener registered per request, never unregistered. */
  static final EventBus BUS = new EventBus("orders");

  private OrderEvents() {}
}
