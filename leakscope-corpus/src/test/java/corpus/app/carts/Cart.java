package corpus.app.carts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A visitor's cart, kept in the HTTP session. */
public final class Cart implements Serializable {
  private static final long serialVersionUID = 1L;

  final List<String> items = new ArrayList<>();
  final byte[] recommendations = new byte[512];
}
