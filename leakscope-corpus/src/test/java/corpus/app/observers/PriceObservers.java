package corpus.app.observers;

import corpus.support.HeapDumps;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Leak: a hand-made observer list keeps its observers through {@link WeakReference}s so that it
 * never keeps a screen alive; but it never drops a reference whose screen is gone. Each screen
 * opened registers and is collected later; its empty reference stays: +4,000 per step.
 */
public final class PriceObservers {
  /** Someone interested in price changes. */
  interface Observer {
    void onPrice(String sku, long cents);
  }

  static final List<WeakReference<Observer>> OBSERVERS = new ArrayList<>();

  static void register(Observer observer) {
    synchronized (OBSERVERS) {
      OBSERVERS.add(new WeakReference<>(observer)); // the bug: cleared ones are never removed
    }
  }

  static int publish(String sku, long cents) {
    int told = 0;
    synchronized (OBSERVERS) {
      for (WeakReference<Observer> ref : OBSERVERS) {
        Observer o = ref.get();
        if (o != null) {
          o.onPrice(sku, cents);
          told++;
        }
      }
    }
    return told;
  }

  /** A screen showing a product, open for one request. */
  static final class ProductScreen implements Observer {
    final String sku;
    final byte[] rendered = new byte[512];
    long shown;

    ProductScreen(String sku) {
      this.sku = sku;
    }

    @Override
    public void onPrice(String changed, long cents) {
      if (changed.equals(sku)) {
        shown = cents;
      }
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    long told = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 4_000; i++, n++) {
        ProductScreen screen = new ProductScreen("sku-" + (n % 500));
        register(screen);
        if (i % 1_000 == 0) {
          told += publish("sku-" + (n % 500), n);
        }
      }
      dumps.take(dump);
    }
    System.out.println("told " + told);
  }

  private PriceObservers() {}
}
