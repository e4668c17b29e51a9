package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Headless Chromium for the tests of leakscope's HTML pages: the scripts in {@code
 * src/test/browser/} (Playwright, with the system's {@code /usr/bin/chromium}; they never download
 * a browser) open a page, use it as a person would and print what they saw as one line of JSON,
 * which the tests judge. The first run installs the scripts' pinned dependencies with {@code npm
 * ci}. Without Node.js or Chromium a test is skipped with a message, unless {@code
 * LEAKSCOPE_REQUIRE_BROWSER=1} (as CI sets) makes that a failure.
 */
final class BrowserTools {
  private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private BrowserTools() {}

  /**
   * Runs {@code node src/test/browser/SCRIPT ARGUMENTS…}; fails the test unless it exits with 0.
   *
   * @return the last line of its output, the JSON of what it saw
   */
  static JsonNode run(Path node, String script, Object... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(node.toString());
    command.add(BROWSER_DIR.resolve(script).toString());
    for (Object argument : arguments) {
      command.add(argument.toString());
    }
    ExternalCommand.Result result = ExternalCommand.run(command, BROWSER_TIMEOUT);
    assertThat(result.exitCode())
        .as("%s; output:%n%s", String.join(" ", command), result.output())
        .isZero();
    // the report of the script is its last line; Chromium may print warnings before it
    List<String> lines = result.output().strip().lines().toList();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    assertThat(last).as("output of %s", command).startsWith("{");
    return JSON.readTree(last);
  }

  /**
   * Node.js, with the scripts' dependencies installed, and Chromium; or a skipped test (a failure
   * with {@code LEAKSCOPE_REQUIRE_BROWSER=1}) naming what is missing.
   */
  static Path requireNode() {
    List<String> missing = new ArrayList<>();
    Optional<Path> node = onPath("node");
    if (node.isEmpty()) {
      missing.add("node (Debian package nodejs)");
    }
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add(CHROMIUM + " (Debian package chromium)");
    }
    boolean installed = Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"));
    Optional<Path> npm = onPath("npm");
    if (!installed && npm.isEmpty()) {
      missing.add("npm (Debian package npm), to install " + BROWSER_DIR.resolve("package.json"));
    }
    if (!missing.isEmpty()) {
      String message = "the browser tests of the HTML pages need " + String.join(" and ", missing);
      if ("1".equals(System.getenv("LEAKSCOPE_REQUIRE_BROWSER"))) {
        fail(message + " (LEAKSCOPE_REQUIRE_BROWSER=1 makes this a failure)");
      }
      assumeTrue(
          false, message + ": skipping it (set LEAKSCOPE_REQUIRE_BROWSER=1 to fail instead)");
    }
    if (!installed) {
      ExternalCommand.run(
              List.of(
                  npm.get().toString(),
                  "ci",
                  "--prefix",
                  BROWSER_DIR.toString(),
                  "--no-audit",
                  "--no-fund"),
              NPM_TIMEOUT)
          .requireSuccess();
    }
    return node.get();
  }

  /** Decodes the PNG: a page-sized image with text and colour, not a blank or uniform page. */
  static void assertLooksLikeAPage(Path screenshot) throws IOException {
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image).as("PNG at %s", screenshot).isNotNull();
    assertThat(image.getWidth()).isBetween(1000, 4000);
    assertThat(image.getHeight()).isBetween(700, 4000);
    Map<Integer, Integer> colours = new HashMap<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
      }
    }
    int pixels = image.getWidth() * image.getHeight();
    int commonest = colours.values().stream().max(Integer::compare).orElse(0);
    assertThat(colours.size()).as("distinct colours").isGreaterThan(100);
    assertThat((double) commonest / pixels).as("share of the commonest colour").isLessThan(0.9);
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
        return Optional.of(Path.of(entry, program));
      }
    }
    return Optional.empty();
  }
}
