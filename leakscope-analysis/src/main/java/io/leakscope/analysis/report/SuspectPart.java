package io.leakscope.analysis.report;

import org.jspecify.annotations.Nullable;

/**
 * One accumulation folded into a suspect: where a library (or the JDK) keeps part of the data that
 * one application field holds, e.g. one of a Guava cache's segments or one of a metrics registry's
 * maps.
 *
 * @param container class of the object the elements accumulate in (a map's table, a segment)
 * @param library the library that container belongs to, for a person ({@code "Guava"}), or null for
 *     the JDK's and the application's own
 * @param accumulatedClass what accumulates there
 * @param instances how many of them
 * @param retainedBytes bytes this part retains
 */
public record SuspectPart(
    String container,
    @Nullable String library,
    String accumulatedClass,
    long instances,
    long retainedBytes) {}
