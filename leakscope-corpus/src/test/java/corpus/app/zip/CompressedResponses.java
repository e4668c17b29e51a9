package corpus.app.zip;

import corpus.support.HeapDumps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Healthy: each response is compressed by a {@link GZIPOutputStream} of its own, closed when the
 * response is done (which ends its {@code Deflater} and frees its native memory). The same 2,000
 * responses before each dump.
 */
public final class CompressedResponses {
  static int respond(int n) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    try (GZIPOutputStream gzip = new GZIPOutputStream(body)) {
      gzip.write(("{\"order\":" + n + ",\"status\":\"shipped\"}").getBytes(StandardCharsets.UTF_8));
    }
    return body.size();
  }

  public static void main(String[] args) throws IOException {
    HeapDumps dumps = HeapDumps.from(args);
    long sent = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int n = 0; n < 2_000; n++) {
        sent += respond(n);
      }
      dumps.take(dump);
    }
    System.out.println("sent " + sent);
  }

  private CompressedResponses() {}
}
