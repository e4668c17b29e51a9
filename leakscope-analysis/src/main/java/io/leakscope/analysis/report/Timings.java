package io.leakscope.analysis.report;

/**
 * Wall-clock time of each phase, in milliseconds.
 *
 * @param parseMillis reading the dump and building the index
 * @param dominatorMillis dominator tree and retained sizes
 * @param totalMillis the whole analysis
 */
public record Timings(long parseMillis, long dominatorMillis, long totalMillis) {}
