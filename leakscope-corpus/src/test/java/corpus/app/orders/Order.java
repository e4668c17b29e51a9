package corpus.app.orders;

/** An order as {@link OrderHistory} keeps it. */
public record Order(long id, String customer, String sku, long priceCents, byte[] receipt) {}
