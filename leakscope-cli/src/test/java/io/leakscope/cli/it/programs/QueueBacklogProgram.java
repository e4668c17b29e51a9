package io.leakscope.cli.it.programs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A backlog: 6,000 arrays of 200 bytes in a static {@link LinkedBlockingQueue}, a singly linked
 * chain of nodes in which each node dominates all the nodes after it.
 */
public final class QueueBacklogProgram {
  static final LinkedBlockingQueue<byte[]> BACKLOG = new LinkedBlockingQueue<>();

  public static void main(String[] args) throws IOException {
    for (int i = 0; i < 6_000; i++) {
      BACKLOG.add(new byte[200]);
    }
    CommandLoop.readyThenServe(Map.of());
  }
}
