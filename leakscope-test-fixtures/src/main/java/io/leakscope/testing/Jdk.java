package io.leakscope.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK that tests run child programs on and attach {@code jcmd} to. Tests run on every JDK they
 * find: the one running the tests and the {@link #WELL_KNOWN_HOMES}; a missing one is a skipped
 * test with a message naming its path, never a silent pass.
 *
 * @param home the JDK's home directory (holds {@code bin/java} and {@code bin/jcmd})
 * @param version its version from {@code <home>/release}, e.g. {@code "25.0.3"}
 */
public record Jdk(Path home, String version) {
  /** JDKs the product is tested on besides the one running the tests. */
  public static final List<Path> WELL_KNOWN_HOMES =
      List.of(
          Path.of("/usr/lib/jvm/java-17-openjdk-amd64"),
          Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));

  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

  /**
   * Every JDK home to test with, without duplicates: the JDK running the tests, then {@link
   * #WELL_KNOWN_HOMES}. Homes that do not exist are kept so that the test using them is skipped
   * with a message naming the path, rather than silently not run.
   */
  public static List<Path> candidateHomes() {
    Map<Path, Path> byIdentity = new LinkedHashMap<>();
    byIdentity.put(
        identity(Path.of(System.getProperty("java.home"))),
        Path.of(System.getProperty("java.home")));
    for (Path home : WELL_KNOWN_HOMES) {
      byIdentity.putIfAbsent(identity(home), home);
    }
    return List.copyOf(byIdentity.values());
  }

  /**
   * The JDK at {@code home}, or a failed assumption (the test is skipped) naming the path when
   * there is no JDK with {@code java} and {@code jcmd} there.
   */
  public static Jdk require(Path home) {
    assumeTrue(
        Files.isExecutable(home.resolve("bin/java"))
            && Files.isExecutable(home.resolve("bin/jcmd")),
        () -> "no JDK with bin/java and bin/jcmd at " + home + ": skipping the tests on it");
    return new Jdk(home, readVersion(home).orElse("unknown"));
  }

  public Path java() {
    return home.resolve("bin/java");
  }

  public Path jcmd() {
    return home.resolve("bin/jcmd");
  }

  /** The feature release, e.g. 17 or 25 (0 when the version is unknown). */
  public int feature() {
    Matcher m = Pattern.compile("^(\\d+)").matcher(version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  @Override
  public String toString() {
    return "JDK " + version + " (" + home + ")";
  }

  private static Path identity(Path home) {
    try {
      return Files.exists(home) ? home.toRealPath() : home.toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> readVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isReadable(release)) {
      return Optional.empty();
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
