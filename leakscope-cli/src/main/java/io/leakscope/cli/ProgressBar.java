package io.leakscope.cli;

import io.leakscope.hprof.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar, {@code reading [#########-----------] 43%, about 12 s left}, redrawn in
 * place with {@code \r} at most about ten times a second (and whenever the phase changes), and
 * erased by {@link #finish()}. For a terminal only; not thread-safe (progress comes from the
 * working thread).
 *
 * <p>The time left is the phase's: the rate since the phase began, applied to what is left of it,
 * shown once the phase has run {@value #ESTIMATE_AFTER_SECONDS} s (an earlier rate says little, and
 * most phases of a small dump end before). The phases of an analysis scale differently with the
 * dump, so no estimate for the whole is given.
 */
final class ProgressBar implements ProgressListener {
  private static final long FRAME_NANOS = 100_000_000L;
  private static final int WIDTH = 30;
  private static final int ESTIMATE_AFTER_SECONDS = 2;

  private final PrintWriter err;
  private final LongSupplier nanoClock;
  private String phase;
  private long lastDraw;
  private int drawnLength;
  private long phaseStart;
  private long phaseStartDone;
  private long lastDone;

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
    boolean samePhase = Objects.equals(phase, this.phase) && done >= lastDone;
    if (!samePhase) {
      // a new phase, or the same one started again (the next dump's): its own rate from here
      phaseStart = now;
      phaseStartDone = done;
    }
    lastDone = done;
    if (samePhase && now - lastDraw < FRAME_NANOS) {
      return;
    }
    this.phase = phase;
    lastDraw = now;
    draw(render(phase, done, total, nanosLeft(now, done, total)));
  }

  /** The phase's time left at its rate so far, or -1 while too early to say. */
  private long nanosLeft(long now, long done, long total) {
    long elapsed = now - phaseStart;
    long progressed = done - phaseStartDone;
    if (total <= 0
        || done >= total
        || elapsed < ESTIMATE_AFTER_SECONDS * 1_000_000_000L
        || progressed <= 0) {
      return -1;
    }
    return (long) ((double) elapsed * Math.max(0, total - done) / progressed);
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
    return render(phase, done, total, -1);
  }

  /** With the time left, unless {@code nanosLeft} is negative. */
  static String render(String phase, long done, long total, long nanosLeft) {
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
        + "%"
        + (nanosLeft < 0 ? "" : ", about " + duration(nanosLeft) + " left");
  }

  /** {@code 12 s}, {@code 3 min 05 s}, {@code 1 h 02 min}, rounded up to the second. */
  static String duration(long nanos) {
    long s = (nanos + 999_999_999L) / 1_000_000_000L;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }

  private void draw(String line) {
    // pad over the rest of a longer previous line
    String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
    err.print("\r" + line + padding);
    err.flush();
    drawnLength = line.length();
  }
}
