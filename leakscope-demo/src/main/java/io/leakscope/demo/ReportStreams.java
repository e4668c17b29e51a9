package io.leakscope.demo;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak {@code unclosed}: each response is rendered through a {@link ReportStream} that registers
 * itself as open (as pooled connections and tracked resources do) and unregisters on {@link
 * ReportStream#close()}. The handler forgets to close it, so every stream and its buffer stays.
 */
final class ReportStreams {

  /** The streams opened and not yet closed: the leak. */
  static final Set<ReportStream> OPEN = ConcurrentHashMap.newKeySet();

  private ReportStreams() {}

  /** A response being rendered; must be closed. */
  static final class ReportStream implements Closeable {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final Quote quote;

    ReportStream(Quote quote) {
      this.quote = quote;
      OPEN.add(this);
    }

    /** Renders the quote's body into the buffer and copies it to {@code out}. */
    void renderTo(OutputStream out) throws java.io.IOException {
      buffer.write(quote.body().getBytes(StandardCharsets.UTF_8));
      buffer.writeTo(out);
    }

    @Override
    public void close() {
      OPEN.remove(this);
    }
  }

  static int size() {
    return OPEN.size();
  }

  static void clear() {
    OPEN.clear();
  }
}
