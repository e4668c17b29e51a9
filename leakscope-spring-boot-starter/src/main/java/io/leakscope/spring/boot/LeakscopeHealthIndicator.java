package io.leakscope.spring.boot;

import io.leakscope.watchdog.MemoryStatus;
import io.leakscope.watchdog.Signal;
import io.leakscope.watchdog.Signals;
import io.leakscope.watchdog.TrendVerdict;
import io.leakscope.watchdog.Watchdog;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health contributor {@code leakscope}: {@code UNKNOWN} while the watchdog has too few readings
 * to judge ({@code insufficient-data}: never shown as healthy), {@code UP} while the live set does
 * not grow like a leak, and {@value #LEAK_SUSPECTED} while it does, with the verdict, the growing
 * resource signals and the whole process's memory verdicts ({@code memoryFit}, {@code
 * nativeGrowth}, {@code rssBytes}) as details.
 *
 * <p>{@value #LEAK_SUSPECTED} is a status of its own, not {@code DOWN}: Spring Boot leaves a status
 * it does not know out of the aggregate (which stays {@code UP}) and answers it with HTTP 200, so a
 * suspected leak never fails a liveness or readiness probe by default. Restarting the pod would
 * throw away the leaking heap (the evidence) and the trend, and bring the leak back an hour later;
 * a leak is a page for a person, through the metrics' alert. An operator who wants the restart adds
 * the status to {@code management.endpoint.health.status.order} and {@code
 * management.endpoint.health.status.http-mapping} (see docs/spring-boot.md).
 */
public class LeakscopeHealthIndicator implements HealthIndicator {

  /** The status while the live set grows like a leak. */
  public static final String LEAK_SUSPECTED = "LEAK_SUSPECTED";

  private static final Status LEAK_SUSPECTED_STATUS =
      new Status(LEAK_SUSPECTED, "the live set after GC grows like a leak");

  private final Watchdog watchdog;

  public LeakscopeHealthIndicator(Watchdog watchdog) {
    this.watchdog = watchdog;
  }

  @Override
  public Health health() {
    TrendVerdict v = watchdog.latestVerdict();
    Health.Builder health =
        switch (v.state()) {
          case INSUFFICIENT_DATA -> Health.unknown();
          case HEALTHY -> Health.up();
          case LEAKING -> Health.status(LEAK_SUSPECTED_STATUS);
        };
    health.withDetail("state", v.state().key()).withDetail("samples", v.samples());
    if (v.samples() > 0) {
      health.withDetail("liveBytes", v.liveBytes());
      if (Double.isFinite(v.slopeBytesPerSecond())) {
        health.withDetail("growthBytesPerSecond", v.slopeBytesPerSecond());
      }
    }
    if (v.leaking() && v.secondsToFull() >= 0 && Double.isFinite(v.secondsToFull())) {
      health.withDetail("secondsToFull", v.secondsToFull());
    }
    Signals signals = watchdog.latestSignals();
    List<String> growing = new ArrayList<>();
    for (Signal signal : Signal.values()) {
      if (signals.growing(signal)) {
        growing.add(signal.key());
      }
    }
    if (!growing.isEmpty()) {
      health.withDetail("growingSignals", growing);
    }
    MemoryStatus memory = watchdog.latestMemory();
    if (memory != null) {
      // The whole process's verdicts as details only: neither a JVM that does not fit nor native
      // growth changes the status, for the same reason a leak is not DOWN.
      if (memory.footprint().rssBytes() >= 0) {
        health.withDetail("rssBytes", memory.footprint().rssBytes());
      }
      health.withDetail("memoryFit", memory.fit().state().key());
      health.withDetail("nativeGrowth", memory.growth().state().key());
    }
    return health.build();
  }
}
