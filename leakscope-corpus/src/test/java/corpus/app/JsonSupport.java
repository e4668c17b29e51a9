package corpus.app;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The service's one shared Jackson mapper. */
public final class JsonSupport {
  /**
   * The leak: {@link PricingService} registers a Jackson module per request on it (named after the
   * request, so Jackson does not recognise it as already registered).
   */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonSupport() {}
}
