package corpus.app.carts;

import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /cart?item=…}: adds the item to the session's cart. */
@RestController
public class CartController {
  @GetMapping("/cart")
  public String add(@RequestParam("item") String item, HttpSession session) {
    Cart cart = (Cart) session.getAttribute("cart");
    if (cart == null) {
      cart = new Cart();
      session.setAttribute("cart", cart);
    }
    cart.items.add(item);
    return "{\"items\":" + cart.items.size() + "}";
  }
}
