package corpus.app.zip;

import corpus.support.HeapDumps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Leak (mostly outside the heap): each streaming connection gets a {@link GZIPOutputStream} of its
 * own, kept in {@link #OPEN} by connection id; when the client goes away the stream is neither
 * finished nor closed nor removed. Each keeps its {@code Deflater}, whose zlib state (about 256 KB
 * of native memory) stays allocated while the stream is reachable; the heap sees a few hundred
 * bytes per stream: +300 streams per step, about 75 MB of native memory.
 */
public final class CompressedConnections {
  static final Map<Integer, GZIPOutputStream> OPEN = new ConcurrentHashMap<>();

  static int open(int connection) throws IOException {
    ByteArrayOutputStream socket = new ByteArrayOutputStream(256);
    GZIPOutputStream gzip = new GZIPOutputStream(socket, 512, true);
    OPEN.put(connection, gzip); // the bug: never closed or removed when the client leaves
    gzip.write(("event: hello " + connection + "\n").getBytes(StandardCharsets.UTF_8));
    gzip.flush();
    return socket.size();
  }

  public static void main(String[] args) throws IOException {
    HeapDumps dumps = HeapDumps.from(args);
    int connection = 0;
    long sent = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 300; i++, connection++) {
        sent += open(connection);
      }
      dumps.take(dump);
    }
    System.out.println("sent " + sent);
  }

  private CompressedConnections() {}
}
