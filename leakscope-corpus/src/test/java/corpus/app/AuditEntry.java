package corpus.app;

/** One audited action of a request, kept in its tenant's context. */
public final class AuditEntry {
  final String requestId;
  final String action;
  final long atNanos;

  AuditEntry(String requestId, String action, long atNanos) {
    this.requestId = requestId;
    this.action = action;
    this.atNanos = atNanos;
  }
}
