package io.leakscope.watchdog;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Asks G1 for one concurrent marking cycle at a time while the verdict lacks live-set readings, so
 * that a leak on default G1 settings gets a verdict in minutes instead of waiting for the heap to
 * reach G1's marking threshold (45% of the heap: half an hour away for a leak of 1% of the heap a
 * minute).
 *
 * <p>Design note.
 *
 * <ul>
 *   <li><b>Why a cycle.</b> Between collections of the old generation nothing tells a leak from
 *       promoted garbage (see {@link LiveSetMonitor}). G1's concurrent cycle marks the old
 *       generation while the application runs; its own results are the readings the watchdog
 *       already hears: the Remark and Cleanup pauses of "G1 Concurrent GC" (JDK 20+) and the mixed
 *       pauses that follow a cycle when it found garbage. No stop-the-world full collection is ever
 *       forced: the cycle starts in a young pause that G1 runs anyway, only a little earlier, and
 *       its Remark and Cleanup pauses are those of every G1 cycle.
 *   <li><b>How.</b> {@code G1PeriodicGCInterval} is the one manageable flag that starts a cycle:
 *       when no collection has happened for that many milliseconds, G1 starts a concurrent cycle
 *       (cause "G1 Periodic Collection"). Set to one second it fires at the service's first second
 *       without a collection, which on any service comes within seconds; the flag goes back to 0 as
 *       soon as the cycle's first pause is heard, or after {@link #GIVE_UP_MILLIS}, and at close.
 *       Set through the platform MBean server by name, so that this class runs (and does nothing)
 *       without {@code jdk.management}.
 *   <li><b>When.</b> Only while the verdict is "insufficient data" after the warm-up, at most once
 *       per {@code every}; never when the flag is not at its default (the operator's own setting is
 *       left alone), never on another collector. A healthy service whose upper bounds do not grow
 *       gets its verdict without cycles; once readings suffice, requests stop until they age out of
 *       the window.
 *   <li><b>Cost.</b> One concurrent mark of the live set per request (CPU of G1's concurrent
 *       threads, proportional to the live objects), plus a Remark and a Cleanup pause. A side
 *       effect to know: G1 resizes the heap at Remark, so a JVM whose initial heap is below its
 *       maximum may shrink its heap after a cycle, as it does after any cycle.
 *   <li><b>Only where the cycle's end is heard.</b> JDK 20 and later report Remark and Cleanup ("G1
 *       Concurrent GC"); JDK 17 to 19 report them nowhere, but count them in HotSpot's performance
 *       counters, which {@link G1CycleEnds} reads. Without either (JDK 17 with {@code
 *       -XX:-UsePerfData}, say) a cycle yields readings only through mixed pauses that shrink the
 *       old generation, which a leak without garbage never has (13 requested cycles, 0 readings in
 *       15 minutes, JDK 17 before the counters were read), while a churning cache's mixed pauses
 *       only lowered the upper bounds, so its state alternated between healthy and insufficient
 *       data every minute. No reading for the cost, so no requests there.
 * </ul>
 *
 * <p>Thread-safe: {@link #onCheck} runs on the watchdog's thread, the listener on the JDK's
 * notification thread; both hold this object's monitor.
 */
final class G1CycleRequests implements AutoCloseable {
  /** The manageable HotSpot flag that starts G1's periodic concurrent cycles. */
  static final String FLAG = "G1PeriodicGCInterval";

  /** The collector that reports G1's Remark and Cleanup pauses (JDK 20 and later). */
  static final String CONCURRENT_COLLECTOR = "G1 Concurrent GC";

  /** The cause of the young pause that starts a periodic cycle. */
  static final String PERIODIC_CAUSE = "G1 Periodic Collection";

  /** The flag's value while a cycle is wanted: milliseconds without a collection. */
  static final String ARMED = "100";

  /** How long the flag stays armed when no cycle starts. */
  static final long GIVE_UP_MILLIS = 30_000;

  /** Access to the flag: the HotSpot diagnostic MBean in a JVM, a script in tests. */
  interface Flag {
    /** The flag's value, or null when this JVM has no such flag. */
    String value();

    /** Whether the flag still has the JVM's default (not set on the command line or by JMX). */
    boolean isDefault();

    void set(String value);
  }

  private final Flag flag;
  private final long everyMillis;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;

  // Guarded by this.
  private boolean armed;
  private long armedAtMillis;
  private long lastRequestMillis = Long.MIN_VALUE;
  private long requests;
  private long cycles;
  private boolean disabled;

  G1CycleRequests(Flag flag, long everyMillis) {
    this.flag = flag;
    this.everyMillis = everyMillis;
  }

  /**
   * Requests for this JVM, or null when there is nothing to do here: {@code every} is zero, the
   * collector is not G1, the end of its cycles is not heard ({@code cycleEndsHeard}, see {@link
   * LiveSetMonitor#hearsG1CycleEnds}), the flag is missing or not at its default, or {@code
   * jdk.management} is absent. Subscribes to the young collector's notifications.
   */
  static G1CycleRequests forThisJvm(long everyMillis, boolean cycleEndsHeard) {
    if (everyMillis <= 0 || !cycleEndsHeard || !JdkManagement.PRESENT) {
      return null;
    }
    GarbageCollectorMXBean young = null;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().equals("G1 Young Generation")) {
        young = gc;
      }
    }
    if (!(young instanceof NotificationEmitter emitter)) {
      return null;
    }
    Flag flag = new HotSpotFlag();
    String value = flag.value();
    if (value == null || !value.equals("0") || !flag.isDefault()) {
      return null;
    }
    G1CycleRequests requests = new G1CycleRequests(flag, everyMillis);
    emitter.addNotificationListener(requests.listener, null, null);
    requests.emitters.add(emitter);
    return requests;
  }

  /**
   * At each check: gives up an armed request after {@link #GIVE_UP_MILLIS}; arms one when readings
   * are wanted and the last request is at least {@code every} old.
   *
   * @return true when this call made the first request since the start
   */
  synchronized boolean onCheck(long nowMillis, boolean readingsWanted) {
    if (disabled) {
      return false;
    }
    if (armed) {
      if (nowMillis - armedAtMillis >= GIVE_UP_MILLIS) {
        disarm();
      }
      return false;
    }
    if (!readingsWanted
        || (lastRequestMillis != Long.MIN_VALUE && nowMillis - lastRequestMillis < everyMillis)) {
      return false;
    }
    try {
      flag.set(ARMED);
    } catch (RuntimeException e) {
      // Refused (a security manager, a JVM that changed its mind): stop asking.
      disabled = true;
      return false;
    }
    armed = true;
    armedAtMillis = nowMillis;
    lastRequestMillis = nowMillis;
    requests++;
    return requests == 1;
  }

  /** Heard a young pause: the cycle it starts is the one asked for. */
  synchronized void onYoungPause(String cause) {
    if (armed && PERIODIC_CAUSE.equals(cause)) {
      cycles++;
      disarm();
    }
  }

  /** Whether a request is waiting for its cycle. */
  synchronized boolean armed() {
    return armed;
  }

  /** Requests made since the start. */
  synchronized long requests() {
    return requests;
  }

  /** Cycles started by a request since the start. */
  synchronized long cycles() {
    return cycles;
  }

  private void disarm() {
    armed = false;
    try {
      flag.set("0");
    } catch (RuntimeException e) {
      disabled = true;
    }
  }

  private void onNotification(Notification n, Object handback) {
    if (n.getUserData() instanceof CompositeData data && data.containsKey("gcCause")) {
      onYoungPause(String.valueOf(data.get("gcCause")));
    }
  }

  /** Removes the listener and puts the flag back to 0 if a request is armed. Idempotent. */
  @Override
  public synchronized void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // Already removed.
      }
    }
    emitters.clear();
    if (armed) {
      disarm();
    }
    disabled = true;
  }

  /**
   * The flag through the {@code HotSpotDiagnosticMXBean} itself, not through the MBean server: an
   * MBean-server call is reflective, and on JDK 17 a reflective method called 15 times gets an
   * accessor class in a class loader of its own, which the class-loader signal would see. Loaded
   * only when {@link JdkManagement#PRESENT}.
   */
  private static final class HotSpotFlag implements Flag {
    private final com.sun.management.HotSpotDiagnosticMXBean bean =
        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);

    @Override
    public String value() {
      try {
        return bean.getVMOption(FLAG).getValue();
      } catch (IllegalArgumentException noSuchFlag) {
        return null;
      }
    }

    @Override
    public boolean isDefault() {
      try {
        return bean.getVMOption(FLAG).getOrigin() == com.sun.management.VMOption.Origin.DEFAULT;
      } catch (IllegalArgumentException noSuchFlag) {
        return false;
      }
    }

    @Override
    public void set(String value) {
      bean.setVMOption(FLAG, value);
    }
  }
}
