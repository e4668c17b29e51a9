package corpus.app.rest;

import corpus.support.HeapDumps;
import org.springframework.web.client.RestTemplate;

/**
 * Leak through Spring's {@link RestTemplate}: one template is shared by the service ({@link
 * #REST}), and each request adds an interceptor that sets the caller's token, meaning to set it for
 * that request only. The template keeps every interceptor (and would run them all, one inside the
 * other, on each call, until the stack overflows): +1,500 per step, each capturing its token.
 */
public final class PartnerApi {
  /** The service's one template. */
  static final RestTemplate REST = new RestTemplate();

  static String prepare(int request) {
    String token = "token-" + request + "-" + Integer.toHexString(request * 7919);
    // the bug: added to the shared template, for good
    REST.getInterceptors()
        .add(
            (outgoing, body, execution) -> {
              outgoing.getHeaders().setBearerAuth(token);
              return execution.execute(outgoing, body);
            });
    return token;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int request = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, request++) {
        prepare(request);
      }
      dumps.take(dump);
    }
  }

  private PartnerApi() {}
}
