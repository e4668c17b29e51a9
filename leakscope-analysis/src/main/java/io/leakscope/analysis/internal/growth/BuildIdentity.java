package io.leakscope.analysis.internal.growth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Which build of the analysis is running, as a hash of its code, so that a baseline summary is read
 * only by the build that wrote it.
 *
 * <p>A version number does not do: every development build is {@code 0.1.0-SNAPSHOT}, and a release
 * may change a rule without anyone raising {@link BaselineSummaries#FORMAT}. The hash is SHA-256 of
 * the file this class was loaded from (the command line's jar, 1.5 MB: a few milliseconds, once per
 * process) or, when it was loaded from a directory of classes (tests, an IDE), of every file under
 * that directory with its relative path. Where neither can be read (a class loader that gives no
 * file), the identity is random per process: summaries are then reused within one run and never
 * across runs, which costs time and never trusts a stale summary.
 */
final class BuildIdentity {

  private static final String ID = compute();

  private BuildIdentity() {}

  /** This build's identity: 16 hexadecimal digits. */
  static String get() {
    return ID;
  }

  private static String compute() {
    try {
      CodeSource source = BuildIdentity.class.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location != null && location.getProtocol().equals("file")) {
        return hashOf(Path.of(location.toURI()));
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // fall through: a random identity
    }
    return "process-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** SHA-256 of a file, or of a directory's files and their relative paths, in name order. */
  static String hashOf(Path code) throws IOException {
    MessageDigest digest = sha256();
    if (Files.isRegularFile(code)) {
      update(digest, code);
    } else {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(code)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        digest.update(code.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        update(digest, f);
      }
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 8);
  }

  private static void update(MessageDigest digest, Path file) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
  }

  /** A new SHA-256 digest. */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
