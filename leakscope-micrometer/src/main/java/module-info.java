/** A Micrometer {@code MeterBinder} for the leakscope watchdog. */
module io.leakscope.micrometer {
  requires transitive io.leakscope.watchdog;
  requires transitive micrometer.core;

  exports io.leakscope.micrometer;
}
