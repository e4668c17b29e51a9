package io.leakscope.agent;

import java.util.ArrayList;
import java.util.List;

/** Started in a child JVM by {@link LeakscopeAgentIT}: leaks about 300 KB every 200 ms. */
public final class LeakingProgram {

  static final List<byte[]> RETAINED = new ArrayList<>();

  private LeakingProgram() {}

  public static void main(String[] args) throws InterruptedException {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 90;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int ticks = 0;
    while (System.nanoTime() < end) {
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
