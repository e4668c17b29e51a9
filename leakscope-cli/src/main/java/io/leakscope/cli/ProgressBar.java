package io.leakscope.cli;

import io.leakscope.hprof.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar, {@code reading [#########-----------] 43%}, redrawn in place with {@code
 * \r} at most about ten times a second (and whenever the phase changes), and erased by {@link
 * #finish()}. For a terminal only; not thread-safe (progress comes from the working thread).
 */
final class ProgressBar implements ProgressListener {
  private static final long FRAME_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final LongSupplier nanoClock;
  private String phase;
  private long lastDraw;
  private int drawnLength;

  ProgressBar(PrintWriter err) {
    this(err, System::nanoTime);
  }

  ProgressBar(PrintWriter err, LongSupplier nanoClock) {
    this.err = err;
    this.nanoClock = nanoClock;
  }

  @Override
  public void update(String phase, long done, long total) {
    long now = nanoClock.getAsLong();
    if (Objects.equals(phase, this.phase) && now - lastDraw < FRAME_NANOS) {
      return;
    }
    this.phase = phase;
    lastDraw = now;
    draw(render(phase, done, total));
  }

  /** Erases the bar, leaving the cursor at the start of an empty line. */
  void finish() {
    if (drawnLength > 0) {
      err.print("\r" + " ".repeat(drawnLength) + "\r");
      err.flush();
      drawnLength = 0;
    }
  }

  static String render(String phase, long done, long total) {
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s ... %,d", phase, done);
    }
    double fraction = Math.max(0, Math.min(1, (double) done / total));
    int filled = (int) (fraction * WIDTH);
    return phase
        + " ["
        + "#".repeat(filled)
        + "-".repeat(WIDTH - filled)
        + "] "
        + (int) (fraction * 100)
        + "%";
  }

  private void draw(String line) {
    // pad over the rest of a longer previous line
    String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
    err.print("\r" + line + padding);
    err.flush();
    drawnLength = line.length();
  }
}
