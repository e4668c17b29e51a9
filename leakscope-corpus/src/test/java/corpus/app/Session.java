package corpus.app;

import java.util.HashMap;
import java.util.Map;

/** A logged-in user's session: what the services store per request. */
public final class Session {
  final String id;
  final String user;
  final long createdMillis;
  final Map<String, String> attributes = new HashMap<>();
  final byte[] csrfToken = new byte[96];

  Session(String id, String user, long createdMillis) {
    this.id = id;
    this.user = user;
    this.createdMillis = createdMillis;
    attributes.put("locale", "en-GB");
    attributes.put("cart", "cart-" + id);
  }
}
