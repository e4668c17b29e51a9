package corpus.app;

import com.google.common.eventbus.Subscribe;

/** Waits for the confirmation of one order, for the request that placed it. */
public final class OrderListener {
  final String requestId;
  final StringBuilder transcript = new StringBuilder(64);

  OrderListener(String requestId) {
    this.requestId = requestId;
  }

  @Subscribe
  public void onConfirmed(OrderConfirmed event) {
    if (event.orderId.equals(requestId)) {
      transcript.append("confirmed ").append(event.orderId);
    }
  }
}
