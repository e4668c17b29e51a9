package corpus.app.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** The leak: every order is kept per customer, and nothing ever removes one. */
@Service
public class OrderHistory {
  private final Map<String, List<Order>> byCustomer = new ConcurrentHashMap<>();

  /** Records an order of {@code product} for {@code customer}. */
  public void record(String customer, ProductCatalog.Product product, long id) {
    Order order = new Order(id, customer, product.sku(), product.priceCents(), new byte[256]);
    byCustomer.computeIfAbsent(customer, c -> new ArrayList<>()).add(order);
  }

  /** How many orders a customer has placed. */
  public int count(String customer) {
    List<Order> orders = byCustomer.get(customer);
    return orders == null ? 0 : orders.size();
  }
}
