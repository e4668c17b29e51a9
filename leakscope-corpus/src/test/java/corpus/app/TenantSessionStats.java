package corpus.app;

/** The counters of one tenant session, exposed over JMX. */
public final class TenantSessionStats implements TenantSessionStatsMBean {
  private final String tenant;
  private final long[] latencies = new long[40];
  private long requests;

  TenantSessionStats(String tenant) {
    this.tenant = tenant;
  }

  @Override
  public long getRequests() {
    return requests + latencies.length + tenant.length();
  }
}
