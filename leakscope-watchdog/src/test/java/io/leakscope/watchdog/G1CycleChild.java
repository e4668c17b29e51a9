package io.leakscope.watchdog;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * A child JVM for {@link G1CycleRequestsChildJvmTest}: arms one request, makes garbage with pauses
 * until the requested cycle starts (at most 20 s) and until the watchdog's monitor has a reading
 * (20 s more), and prints what happened and the flag after.
 */
public final class G1CycleChild {
  private G1CycleChild() {}

  static volatile Object sink;
  static final java.util.List<byte[]> KEPT = new java.util.ArrayList<>();

  public static void main(String[] args) throws Exception {
    // what the watchdog hears: the readings and, on JDK 17 to 19, those at a cycle's end
    LiveSetMonitor monitor = new LiveSetMonitor(64, 100);
    G1CycleRequests requests = G1CycleRequests.forThisJvm(60_000, monitor.hearsG1CycleEnds());
    if (requests == null) {
      System.out.println("requests=none");
      return;
    }
    // an old generation of live data (no garbage there, so no mixed pauses need follow)
    for (int i = 0; i < 8_192; i++) {
      KEPT.add(new byte[1024]);
    }
    long readingsBefore = monitor.readingCount();
    requests.onCheck(System.currentTimeMillis(), true);
    long end = System.currentTimeMillis() + 20_000;
    while (requests.armed() && System.currentTimeMillis() < end) {
      for (int i = 0; i < 2_000; i++) {
        sink = new byte[1024];
      }
      Thread.sleep(20);
    }
    // the cycle's Remark and Cleanup, and a young pause after them
    long cycleEnd = System.currentTimeMillis() + 20_000;
    while (monitor.readingCount() == readingsBefore && System.currentTimeMillis() < cycleEnd) {
      for (int i = 0; i < 2_000; i++) {
        sink = new byte[1024];
      }
      Thread.sleep(20);
    }
    System.out.println("cycles=" + requests.cycles());
    System.out.println("readings=" + (monitor.readingCount() - readingsBefore));
    System.out.println("cycleEndReadings=" + monitor.cycleEndReadings());
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
    monitor.close();
  }
}
