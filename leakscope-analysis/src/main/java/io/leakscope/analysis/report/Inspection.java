package io.leakscope.analysis.report;

import java.util.List;

/**
 * A kind of memory waste found in the dump (not a leak): duplicate strings, empty or sparse
 * collections, collections of boxed numbers.
 *
 * @param kind short identifier, for example {@code "duplicate-strings"}
 * @param title one line for a person, with the total
 * @param objects how many objects are affected
 * @param wastedBytes bytes that could be saved
 * @param holders the fields holding most of the waste, most wasted bytes first
 */
public record Inspection(
    String kind, String title, long objects, long wastedBytes, List<InspectionHolder> holders) {

  public Inspection {
    holders = List.copyOf(holders);
  }
}
