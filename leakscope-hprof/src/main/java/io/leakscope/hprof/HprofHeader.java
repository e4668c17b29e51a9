package io.leakscope.hprof;

/**
 * The fixed header of an HPROF file.
 *
 * @param format the format string, e.g. {@code "JAVA PROFILE 1.0.2"}
 * @param idSize identifier size in bytes: 4 or 8
 * @param timestampMillis dump time in milliseconds since the epoch
 * @param length header length in bytes; the first record starts here
 */
public record HprofHeader(String format, int idSize, long timestampMillis, int length) {}
