package io.leakscope.watchdog;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * A child JVM for {@link G1CycleRequestsChildJvmTest}: arms one request, makes garbage with pauses
 * until the requested cycle starts (at most 20 s), and prints what happened and the flag after.
 */
public final class G1CycleChild {
  private G1CycleChild() {}

  static volatile Object sink;

  public static void main(String[] args) throws Exception {
    G1CycleRequests requests = G1CycleRequests.forThisJvm(60_000);
    if (requests == null) {
      System.out.println("requests=none");
      return;
    }
    requests.onCheck(System.currentTimeMillis(), true);
    long end = System.currentTimeMillis() + 20_000;
    while (requests.armed() && System.currentTimeMillis() < end) {
      for (int i = 0; i < 2_000; i++) {
        sink = new byte[1024];
      }
      Thread.sleep(20);
    }
    System.out.println("cycles=" + requests.cycles());
    CompositeData option =
        (CompositeData)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "getVMOption",
                    new Object[] {G1CycleRequests.FLAG},
                    new String[] {String.class.getName()});
    System.out.println("flag=" + option.get("value"));
    requests.close();
  }
}
