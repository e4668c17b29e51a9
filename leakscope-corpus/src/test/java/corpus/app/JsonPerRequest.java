package corpus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import corpus.support.HeapDumps;
import java.util.Map;

/**
 * Healthy, if wasteful: each request builds a new Jackson {@link ObjectMapper} to write its
 * response and drops it: each mapper is costly to make and its caches are filled for one use, but
 * it is garbage after the request; the same 2,000 requests before each dump.
 */
public final class JsonPerRequest {
  private static long written;

  static String respond(int request) throws Exception {
    ObjectMapper mapper = new ObjectMapper(); // wasteful, not a leak
    return mapper.writeValueAsString(
        Map.of("order", "order-" + request, "total", 100 + request % 900, "items", request % 7));
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++) {
        written += respond(i).length();
      }
      dumps.take(dump);
    }
    System.out.println("wrote " + written);
  }

  private JsonPerRequest() {}
}
