package corpus.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** The sessions of {@link SessionService}, in a Caffeine cache with neither size nor expiry. */
public final class SessionStore {
  /** The leak: keyed by request id, never bounded, never expired, never invalidated. */
  static final Cache<String, Session> SESSIONS = Caffeine.newBuilder().recordStats().build();

  private SessionStore() {}
}
