package io.leakscope.analysis.report;

/**
 * How one class changed between two dumps (classes of the same name from several loaders are
 * summed).
 *
 * @param className Java-source class name
 * @param instancesBefore instances in the older dump
 * @param instancesAfter instances in the newer dump
 * @param instancesDelta after minus before
 * @param shallowBytesBefore shallow bytes in the older dump
 * @param shallowBytesAfter shallow bytes in the newer dump
 * @param shallowBytesDelta after minus before
 */
public record ClassDelta(
    String className,
    long instancesBefore,
    long instancesAfter,
    long instancesDelta,
    long shallowBytesBefore,
    long shallowBytesAfter,
    long shallowBytesDelta) {}
