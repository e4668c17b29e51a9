package io.leakscope.demo;

/**
 * One answer of {@code /quote}: what every leak keeps, about 1.2 KB with its price history and
 * rendered body.
 *
 * @param symbol the product's symbol
 * @param customer who asked
 * @param requestId a number unique in this service
 * @param price the quoted price
 * @param history the recent prices the quote was computed from, oldest first
 * @param body the JSON sent back
 */
record Quote(
    String symbol, String customer, long requestId, double price, double[] history, String body) {}
