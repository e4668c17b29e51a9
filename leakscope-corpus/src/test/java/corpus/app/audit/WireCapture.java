package corpus.app.audit;

import corpus.support.HeapDumps;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Leak: a debugging aid left on in production copies every request's body into one shared {@link
 * ByteArrayOutputStream} ({@link #CAPTURE}) for a "last requests" page, and nothing ever resets it.
 * One array grows, replaced by one twice its size each time it fills: about 1 MB per step.
 */
public final class WireCapture {
  static final ByteArrayOutputStream CAPTURE = new ByteArrayOutputStream();

  static int handle(int n) {
    byte[] body =
        ("{\"order\":" + n + ",\"customer\":\"c-" + (n % 977) + "\",\"lines\":[1,2,3,4,5]}\n")
            .getBytes(StandardCharsets.UTF_8);
    synchronized (CAPTURE) {
      CAPTURE.writeBytes(body); // the bug: never reset or trimmed
    }
    return body.length;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    long bytes = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 18_000; i++, n++) {
        bytes += handle(n);
      }
      dumps.take(dump);
    }
    System.out.println("bytes " + bytes);
  }

  private WireCapture() {}
}
