package io.leakscope.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Leak {@code threadlocal}: a per-request context kept in a {@code ThreadLocal} that the handler
 * sets up and never removes. The HTTP server's threads are pooled and live for ever, so each one
 * keeps its context, and the quotes recorded in it pile up request after request.
 */
final class RequestContext {

  /** The context of the request on this thread; never {@code remove()}d: the leak. */
  static final ThreadLocal<RequestContext> CURRENT = ThreadLocal.withInitial(RequestContext::new);

  /** Quotes served under this context; meant for one request's audit line. */
  private final List<Quote> served = new ArrayList<>();

  private RequestContext() {}

  static void record(Quote quote) {
    CURRENT.get().served.add(quote);
  }

  /** How many quotes this thread's context holds. */
  static int sizeOnThisThread() {
    return CURRENT.get().served.size();
  }
}
