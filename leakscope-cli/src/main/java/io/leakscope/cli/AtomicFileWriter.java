package io.leakscope.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it appears complete or not at all: the content goes to a hidden temporary
 * file in the target's directory, which is synced and then renamed over the target. If writing
 * fails, or the JVM is shut down (Ctrl-C) while writing, the temporary file is deleted and an
 * existing target is left untouched.
 */
final class AtomicFileWriter {
  private static final int NAME_ATTEMPTS = 100;

  /** Produces the content of the file. */
  @FunctionalInterface
  interface Content {
    void writeTo(Writer out) throws IOException;
  }

  /** Produces the content of a binary file. */
  @FunctionalInterface
  interface BinaryContent {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFileWriter() {}

  /** Writes {@code content} as UTF-8 to {@code target}, replacing it if it exists. */
  static void write(Path target, Content content) throws IOException {
    writeBytes(
        target,
        true,
        out -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          content.writeTo(w);
          w.flush();
        });
  }

  /**
   * Writes {@code content} to {@code target}.
   *
   * @param replace whether an existing {@code target} is replaced; if false and {@code target}
   *     exists when the content is complete, a {@link FileAlreadyExistsException} is thrown and
   *     nothing is left behind
   */
  static void writeBytes(Path target, boolean replace, BinaryContent content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = createTempFile(absolute);
    Thread cleanup = new Thread(() -> deleteQuietly(temp), "leakscope-delete-partial-output");
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean moved = false;
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        content.writeTo(out);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      move(temp, absolute, replace);
      moved = true;
    } finally {
      if (!moved) {
        deleteQuietly(temp);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shutdownInProgress) {
        // the hook runs (or ran) anyway; deleting a moved temp file is a no-op
      }
    }
  }

  private static Path createTempFile(Path target) throws IOException {
    Path dir = target.getParent();
    String prefix = "." + target.getFileName() + ".";
    for (int attempt = 0; ; attempt++) {
      Path temp =
          dir.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        // default permissions (umask), unlike Files.createTempFile's owner-only ones
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static void move(Path temp, Path target, boolean replace) throws IOException {
    if (!replace) {
      // an atomic rename would replace silently; this checks first (and still renames)
      Files.move(temp, target);
      return;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException | RuntimeException e) {
      // best effort: the failure that brought us here is the one to report
    }
  }
}
