package io.leakscope.analysis.report;

/**
 * One class in the histogram. Classes with the same name from different class loaders are one row.
 *
 * @param className Java-source name: {@code byte[]}, {@code java.util.HashMap$Node}
 * @param instances number of instances in the dump
 * @param shallowBytes sum of the instances' shallow sizes as the JVM lays them out
 * @param retainedBytes bytes freed if all instances of the class became unreachable (only reachable
 *     instances count)
 */
public record HistogramRow(
    String className, long instances, long shallowBytes, long retainedBytes) {}
