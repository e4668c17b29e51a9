package io.leakscope.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The leak the service runs with, chosen by {@code --leak=NAME}. Each heap leak keeps about 1.2 KB
 * per {@code /quote} request (the {@link Quote}), reachable from the static field its holder class
 * names, so that the analyzer names that field; {@link #NATIVE} keeps 8 KiB of native memory per
 * request that nothing on the heap refers to.
 */
public enum Leak {
  /** No leak: the healthy baseline. */
  NONE("none", "nothing is kept"),
  /** {@link QuoteCache#ENTRIES}. */
  CACHE("cache", "an unbounded static cache, QuoteCache.ENTRIES"),
  /** {@link RequestContext#CURRENT}. */
  THREAD_LOCAL(
      "threadlocal", "a ThreadLocal never removed on pooled threads, RequestContext.CURRENT"),
  /** {@link PriceAlerts#LISTENERS}. */
  LISTENERS("listeners", "listeners never removed, PriceAlerts.LISTENERS"),
  /** {@link Reminders#SCHEDULER}. */
  SCHEDULED("scheduled", "scheduled tasks never cancelled, Reminders.SCHEDULER"),
  /** {@link ReportStreams#OPEN}. */
  UNCLOSED("unclosed", "response streams never closed, ReportStreams.OPEN"),
  /** {@link SessionWatchers#WATCHERS}. */
  THREAD_PER_REQUEST(
      "thread-per-request", "a thread per request that never ends, SessionWatchers.WATCHERS"),
  /** {@link NativeScratch}: outside the heap, so no heap suspect; the memory verdict names it. */
  NATIVE("native", "native memory per request never freed, NativeScratch (outside the heap)");

  private final String optionValue;
  private final String description;

  Leak(String optionValue, String description) {
    this.optionValue = optionValue;
    this.description = description;
  }

  /** The name on the command line, e.g. {@code thread-per-request}. */
  public String optionValue() {
    return optionValue;
  }

  /** What leaks and where, for a person. */
  public String description() {
    return description;
  }

  /**
   * Parses an option value, in any case.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Leak parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (Leak leak : values()) {
      if (leak.optionValue.equals(v)) {
        return leak;
      }
    }
    throw new IllegalArgumentException(
        "--leak=" + value + " (expected one of " + String.join(", ", optionValues()) + ")");
  }

  /** Every option value, in declaration order. */
  public static List<String> optionValues() {
    List<String> names = new ArrayList<>();
    for (Leak leak : values()) {
      names.add(leak.optionValue);
    }
    return names;
  }

  /** Leaks the quote of one request (nothing for {@link #NONE}); the response is written apart. */
  void onRequest(Quote quote) {
    switch (this) {
      case NONE, UNCLOSED -> {
        // UNCLOSED leaks through the stream the handler renders with (DemoService.render)
      }
      case CACHE -> QuoteCache.remember(quote);
      case THREAD_LOCAL -> RequestContext.record(quote);
      case LISTENERS -> PriceAlerts.subscribe(quote);
      case SCHEDULED -> Reminders.scheduleRefresh(quote);
      case THREAD_PER_REQUEST -> SessionWatchers.watch(quote);
      case NATIVE -> NativeScratch.encode(quote);
    }
  }
}
