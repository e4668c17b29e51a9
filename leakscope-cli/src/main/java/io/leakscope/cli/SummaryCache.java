package io.leakscope.cli;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where {@code analyze} and {@code diff} keep the summaries of compared dumps, so that a dump used
 * as a baseline again is not analyzed again (see {@code BaselineSummaries} in the analysis module).
 *
 * <p>A picocli mixin. The directory is {@code --summary-cache DIR}, else {@code
 * $LEAKSCOPE_CACHE_DIR/summaries}, else {@code $XDG_CACHE_HOME/leakscope/summaries}, else {@code
 * ~/.cache/leakscope/summaries}; {@code --no-summary-cache} keeps none. Never next to the dumps:
 * they may be on a read-only volume or in an evidence directory that others list.
 */
final class SummaryCache {

  @Option(
      names = "--summary-cache",
      paramLabel = "DIR",
      description =
          "Keep summaries of compared dumps in DIR, so that a dump given again as --baseline (or"
              + " to diff) is not analyzed again; a summary is used only while the dump's path,"
              + " size and modification time are unchanged (default: $LEAKSCOPE_CACHE_DIR/"
              + "summaries, else $XDG_CACHE_HOME/leakscope/summaries, else"
              + " ~/.cache/leakscope/summaries).")
  @Nullable Path directory;

  @Option(
      names = "--no-summary-cache",
      description = "Analyze every dump in full and keep no summaries.")
  boolean off;

  /** The directory to use, or null when summaries are off. */
  @Nullable Path resolve() {
    return off ? null : resolve(directory, System.getenv(), System.getProperty("user.home"));
  }

  static @Nullable Path resolve(
      @Nullable Path given, Map<String, String> env, @Nullable String userHome) {
    if (given != null) {
      return given;
    }
    String leakscope = env.get("LEAKSCOPE_CACHE_DIR");
    if (leakscope != null && !leakscope.isBlank()) {
      return Path.of(leakscope, "summaries");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "leakscope", "summaries");
    }
    if (userHome == null || userHome.isBlank()) {
      return null;
    }
    return Path.of(userHome, ".cache", "leakscope", "summaries");
  }
}
