package io.leakscope.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Started in a child JVM by {@link LeakscopeAgentIT}: leaks about 300 KB every 200 ms, for the
 * seconds of its first argument or until the file named by its second argument exists (then it ends
 * normally, as an application does).
 */
public final class LeakingProgram {

  static final List<byte[]> RETAINED = new ArrayList<>();

  private LeakingProgram() {}

  public static void main(String[] args) throws InterruptedException {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 90;
    Path stop = args.length > 1 ? Path.of(args[1]) : null;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int ticks = 0;
    while (System.nanoTime() < end && (stop == null || !Files.exists(stop))) {
      for (int i = 0; i < 3; i++) {
        RETAINED.add(new byte[100_000]);
      }
      if (++ticks % 5 == 0) {
        System.gc();
      }
      Thread.sleep(200);
    }
  }
}
