package corpus.app;

import corpus.support.HeapDumps;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leak (direct memory): each streaming connection gets a direct buffer, and closing the connection
 * forgets to release it, so the map of open connections keeps every buffer: +500 per step, 16 KB of
 * native memory each and little heap.
 */
public final class StreamingService {
  /** The buffers of the connections, by connection id. */
  static final Map<String, ByteBuffer> BUFFERS = new ConcurrentHashMap<>();

  static void open(String connection) {
    BUFFERS.put(connection, ByteBuffer.allocateDirect(16 * 1024));
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int connections = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 500; i++, connections++) {
        open("connection-" + connections); // and closed, without BUFFERS.remove
      }
      dumps.take(dump);
    }
  }

  private StreamingService() {}
}
