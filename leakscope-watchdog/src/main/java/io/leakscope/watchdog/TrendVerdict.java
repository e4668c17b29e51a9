package io.leakscope.watchdog;

import java.util.Locale;
import java.util.Objects;

/**
 * What the live set after GC did over an observation window.
 *
 * @param state whether a verdict is possible yet and, when it is, which: {@link
 *     State#INSUFFICIENT_DATA} until enough samples after warm-up exist, then {@link State#HEALTHY}
 *     or {@link State#LEAKING}; never null
 * @param samples how many samples after warm-up the verdict rests on
 * @param slopeBytesPerSecond robust (Theil–Sen) growth rate of the live set
 * @param pValue one-sided significance of the upward trend (Mann–Kendall), 1.0 when too few samples
 * @param liveBytes the latest live set after GC, 0 before the first
 * @param secondsToFull at the current rate, seconds until the live set reaches the maximum heap;
 *     negative when it does not grow or the maximum is unknown
 */
public record TrendVerdict(
    State state,
    int samples,
    double slopeBytesPerSecond,
    double pValue,
    long liveBytes,
    double secondsToFull) {

  /** The verdict before any sample: insufficient data. */
  public static final TrendVerdict NONE =
      new TrendVerdict(State.INSUFFICIENT_DATA, 0, 0.0, 1.0, 0, -1.0);

  public TrendVerdict {
    Objects.requireNonNull(state, "state");
  }

  /** True when the live set grows steadily: a significant, non-negligible upward trend. */
  public boolean leaking() {
    return state == State.LEAKING;
  }

  /**
   * The three states of a verdict. Their {@link #key()}s are a contract (trend JSON, events,
   * metrics, the Spring Boot endpoint): {@code insufficient-data}, {@code healthy}, {@code
   * leaking}. {@code INSUFFICIENT_DATA} is never to be shown as healthy.
   */
  public enum State {
    /** Too few samples after warm-up to judge: nothing is known yet. */
    INSUFFICIENT_DATA,
    /** Enough samples, and no steady growth. */
    HEALTHY,
    /** Enough samples, and steady growth. */
    LEAKING;

    /** The lower-case, hyphenated name used in JSON and events, e.g. {@code insufficient-data}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The value of the {@code leakscope_state} gauge: 0 insufficient data, 1 healthy, 2 leaking.
     */
    public int code() {
      return ordinal();
    }
  }
}
