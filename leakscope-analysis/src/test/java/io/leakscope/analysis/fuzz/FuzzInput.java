package io.leakscope.analysis.fuzz;

import io.leakscope.hprof.HprofFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns fuzzer bytes into a dump file and checks the one rule every fuzz target enforces: bad bytes
 * may only end in an {@link HprofFormatException}. Any other exception, an error such as {@code
 * OutOfMemoryError}, or a hang escapes to Jazzer and is a finding.
 *
 * <p>The file is rewritten for every input (one per JVM: Jazzer runs a single fuzz test per
 * process), in a directory deleted when the JVM exits.
 */
final class FuzzInput {
  /** {@code JAVA PROFILE 1.0.2\0}, identifier size 8, timestamp 0: a header that always parses. */
  static final byte[] HEADER = header(8);

  private static final Path FILE = createFile();

  private FuzzInput() {}

  static byte[] header(int idSize) {
    byte[] magic = "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] h = new byte[magic.length + 12];
    System.arraycopy(magic, 0, h, 0, magic.length);
    h[magic.length + 3] = (byte) idSize;
    return h;
  }

  /** Writes {@code prefix} then {@code data} to the fuzz file and returns its path. */
  static Path write(byte[] prefix, byte[] data) {
    byte[] all = new byte[prefix.length + data.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(data, 0, all, prefix.length, data.length);
    try {
      Files.write(FILE, all);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fuzz input " + FILE, e);
    }
    return FILE;
  }

  /** Code that reads a dump; format errors are expected, anything else is a finding. */
  interface DumpReading {
    void run() throws IOException;
  }

  static void expectOnlyFormatErrors(DumpReading reading) throws IOException {
    try {
      reading.run();
    } catch (HprofFormatException expected) {
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionError("HprofFormatException without a message", expected);
      }
    }
  }

  private static Path createFile() {
    try {
      Path dir = Files.createTempDirectory("leakscope-fuzz");
      Path file = dir.resolve("input.hprof");
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
