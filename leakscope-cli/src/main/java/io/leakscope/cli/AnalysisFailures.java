package io.leakscope.cli;

import io.leakscope.heap.IndexLimitException;
import io.leakscope.hprof.HprofFormatException;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs the analysis behind a command and turns what a user can meet there into one-line failures: a
 * malformed dump (exit code {@value Main#EXIT_BAD_DUMP}), and a dump past what an index holds or a
 * heap too small for the dump (exit code {@value Main#EXIT_FAILURE}). The progress bar is finished
 * whatever happens.
 */
final class AnalysisFailures {
  private AnalysisFailures() {}

  /**
   * For a dump that is cut off and was not read with {@code --lenient}, how to {@code verb}
   * ("analyze", "count") what it holds; else nothing.
   */
  static String lenientHint(HprofFormatException e, boolean lenient, String verb) {
    return e.truncated() && !lenient
        ? "; the dump is truncated at offset 0x"
            + Long.toHexString(e.dumpEnd())
            + ", use --lenient to "
            + verb
            + " what was written"
        : "";
  }

  /** The analysis itself. */
  interface Analysis<T> {
    T run() throws IOException;
  }

  /**
   * @param badDump the message for a malformed dump, from the format error
   * @param doing what was being done, for the out-of-memory message ("analyzing x.hprof")
   * @param bar the progress bar to finish, or null
   */
  static <T> T run(
      Analysis<T> analysis,
      Function<HprofFormatException, String> badDump,
      String doing,
      ProgressBar bar)
      throws IOException {
    return run(analysis, badDump, doing, bar, () -> null);
  }

  /**
   * As {@link #run(Analysis, Function, String, ProgressBar)}, with the advice of a warning given
   * during the analysis ({@link MemoryForecast#advice}) for the out-of-memory message instead of
   * the usual one.
   */
  static <T> T run(
      Analysis<T> analysis,
      Function<HprofFormatException, String> badDump,
      String doing,
      ProgressBar bar,
      Supplier<@Nullable String> memoryAdvice)
      throws IOException {
    try {
      return analysis.run();
    } catch (HprofFormatException e) {
      throw new CommandFailure(Main.EXIT_BAD_DUMP, badDump.apply(e), e);
    } catch (IndexLimitException e) {
      // a sound dump too big for the analyzer: not "bad heap dump", which would send the user
      // looking for damage in the file
      throw new CommandFailure(
          Main.EXIT_FAILURE,
          "cannot analyze "
              + e.getMessage()
              + "; its objects by class, in one pass whatever their count: leakscope histogram "
              + (e.dump() == null ? "DUMP" : e.dump()),
          e);
    } catch (OutOfMemoryError e) {
      String advice = memoryAdvice.get();
      throw new CommandFailure(
          Main.EXIT_FAILURE,
          "out of memory "
              + doing
              + " with a maximum heap of "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MB; "
              + (advice != null
                  ? "as warned above, " + advice
                  : "give the JVM more, e.g. LEAKSCOPE_JAVA_OPTS=-Xmx16g")
              + " (leakscope histogram DUMP counts a dump's objects by class in memory that does"
              + " not grow with it)",
          e);
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
  }
}
