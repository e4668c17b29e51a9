package corpus.app.logs;

import corpus.support.HeapDumps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leak through Logback: a shipment tracker logs each shipment's events to a logger named after the
 * shipment ({@code shipments.<carrier>.<id>}), so that operators can turn one shipment's logging
 * up. Logback keeps every logger it has made, by name, for the life of the JVM: +1,500 loggers per
 * step.
 */
public final class ShipmentTracker {
  static void track(String carrier, long shipment, String event) {
    Logger log = LoggerFactory.getLogger("shipments." + carrier + "." + shipment);
    log.debug("shipment {} {}", shipment, event);
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    long shipment = 100_000;
    String[] carriers = {"dhl", "ups", "fedex", "post"};
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, shipment++) {
        track(carriers[i % carriers.length], shipment, "picked-up");
        track(carriers[i % carriers.length], shipment, "in-transit");
      }
      dumps.take(dump);
    }
  }

  private ShipmentTracker() {}
}
