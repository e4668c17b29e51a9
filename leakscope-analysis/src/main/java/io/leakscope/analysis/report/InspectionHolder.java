package io.leakscope.analysis.report;

import org.jspecify.annotations.Nullable;

/**
 * Where one kind of waste sits: the field (or array class) that references the wasteful objects.
 *
 * @param holder {@code DeclaringClass.field}, {@code Class.field} for a static field, or an array
 *     class such as {@code java.lang.Object[]} when the objects are array elements
 * @param objects how many wasteful objects this holder references
 * @param wastedBytes bytes that could be saved there
 * @param example a short example for a person (a string's text, a collection's class and size), or
 *     null
 */
public record InspectionHolder(
    String holder, long objects, long wastedBytes, @Nullable String example) {}
