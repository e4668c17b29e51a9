package corpus.app;

import java.util.ArrayList;
import java.util.List;

/** The per-thread context of {@link TenantService}'s request handler. */
public final class TenantContext {
  /** The leak: set per request on pooled threads, never removed, its audit list never reset. */
  static final ThreadLocal<TenantContext> CURRENT = ThreadLocal.withInitial(TenantContext::new);

  final List<AuditEntry> audit = new ArrayList<>();
  String tenant = "";

  private TenantContext() {}
}
