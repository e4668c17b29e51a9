package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Native memory held through direct buffers, with amounts that follow from the program: {@link
 * #POOL} holds {@value #POOL_BUFFERS} direct buffers of 1 MiB and, beside each, a slice, a
 * duplicate and a read-only view of it (views share their owner's memory and must not count again);
 * {@link #MAPPED} holds {@value #MAPPED_FILES} mapped files of 1 MiB (file-backed, counted apart);
 * {@link #LEAK} gains {@value #LEAK_STEP} direct buffers of 1 MiB with each {@code grow}.
 *
 * <p>{@code stats} writes the JVM's own accounting, {@code BufferPoolMXBean} of the pools {@code
 * direct} and {@code mapped} (count, memory used, total capacity), to the file named by {@code
 * -Dstats.file}, one line per pool: the second oracle of the test.
 */
public final class DirectBuffersProgram {
  static final int MIB = 1 << 20;
  static final int POOL_BUFFERS = 64;
  static final int MAPPED_FILES = 3;
  static final int LEAK_STEP = 16;

  static final List<ByteBuffer> POOL = new ArrayList<>();
  static final List<MappedByteBuffer> MAPPED = new ArrayList<>();
  static final List<ByteBuffer> LEAK = new ArrayList<>();

  private DirectBuffersProgram() {}

  public static void main(String[] args) throws IOException {
    for (int i = 0; i < POOL_BUFFERS; i++) {
      ByteBuffer owner = ByteBuffer.allocateDirect(MIB);
      POOL.add(owner);
      POOL.add(owner.slice(1024, 4096));
      POOL.add(owner.duplicate());
      POOL.add(owner.asReadOnlyBuffer());
    }
    Path dir = Files.createTempDirectory("leakscope-mapped");
    for (int i = 0; i < MAPPED_FILES; i++) {
      Path file = dir.resolve("mapped-" + i);
      // setLength makes a sparse file without writing through a temporary direct buffer
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(MIB);
        MAPPED.add(raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, MIB));
      }
      file.toFile().deleteOnExit();
    }
    dir.toFile().deleteOnExit();
    CommandLoop.readyThenServe(
        Map.of("grow", DirectBuffersProgram::grow, "stats", DirectBuffersProgram::stats));
  }

  private static void grow() {
    for (int i = 0; i < LEAK_STEP; i++) {
      LEAK.add(ByteBuffer.allocateDirect(MIB));
    }
  }

  private static void stats() {
    StringBuilder out = new StringBuilder();
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      out.append(pool.getName())
          .append(' ')
          .append(pool.getCount())
          .append(' ')
          .append(pool.getMemoryUsed())
          .append(' ')
          .append(pool.getTotalCapacity())
          .append('\n');
    }
    try {
      Files.writeString(Path.of(System.getProperty("stats.file")), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
