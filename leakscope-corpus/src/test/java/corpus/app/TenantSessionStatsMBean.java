package corpus.app;

/** What JMX shows of one tenant session (a standard MBean's interface). */
public interface TenantSessionStatsMBean {
  long getRequests();
}
