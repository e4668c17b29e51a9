package io.leakscope.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, {@code promtool} (Debian package {@code prometheus}), when it is on the
 * {@code PATH}: {@code promtool check metrics} parses the text exposition format 0.0.4 with
 * Prometheus's parser and lints the names (units, {@code _total} on counters, help present).
 */
public final class Promtool {

  private Promtool() {}

  /**
   * The {@code promtool} executable on the {@code PATH}, if any.
   *
   * @throws AssertionError when there is none and {@code LEAKSCOPE_REQUIRE_PROMTOOL=1} is set (as
   *     {@code .ci/run} does, after fetching it): there, a missing checker is a failure, not a
   *     skipped check
   */
  public static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    if ("1".equals(System.getenv("LEAKSCOPE_REQUIRE_PROMTOOL"))) {
      throw new AssertionError(
          "promtool is not on the PATH, and LEAKSCOPE_REQUIRE_PROMTOOL=1 requires it"
              + " (Debian package prometheus; .ci/run fetches it)");
    }
    return Optional.empty();
  }

  /**
   * Runs {@code promtool check metrics} on {@code text}.
   *
   * @return false when promtool is not on the PATH (nothing was checked)
   * @throws AssertionError when promtool finds a problem, with its output
   */
  public static boolean assertAccepts(String text) throws IOException, InterruptedException {
    Optional<Path> promtool = find();
    if (promtool.isEmpty()) {
      return false;
    }
    Path file = Files.createTempFile("scrape-", ".txt");
    try {
      Files.writeString(file, text);
      Process p =
          new ProcessBuilder(promtool.get().toString(), "check", "metrics")
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("promtool check metrics did not end in 30 s");
      }
      if (p.exitValue() != 0 || !out.isEmpty()) {
        throw new AssertionError(
            "promtool check metrics: exit " + p.exitValue() + "\n" + out + "\non:\n" + text);
      }
      return true;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
