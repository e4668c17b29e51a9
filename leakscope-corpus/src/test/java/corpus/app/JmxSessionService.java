package corpus.app;

import corpus.support.HeapDumps;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Leak through JMX: each tenant session registers an MBean with its counters on the platform MBean
 * server, and ending the session never unregisters it, so the JDK's MBean repository keeps every
 * session's {@link TenantSessionStats}: +1,500 per step.
 */
public final class JmxSessionService {
  static void openSession(MBeanServer server, int session) throws Exception {
    server.registerMBean(
        new TenantSessionStats("tenant-" + session % 50),
        new ObjectName("corpus.app:type=TenantSession,id=" + session));
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    int sessions = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, sessions++) {
        openSession(server, sessions); // and the session ends without unregisterMBean
      }
      dumps.take(dump);
    }
  }

  private JmxSessionService() {}
}
