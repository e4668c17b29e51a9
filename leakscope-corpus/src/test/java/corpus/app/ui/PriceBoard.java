package corpus.app.ui;

import corpus.support.HeapDumps;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.beans.PropertyChangeSupport;

/**
 * Leak through {@link PropertyChangeSupport}: a shared price model tells its listeners of every
 * change; each board opened (one per client connection) adds a listener for its instrument and
 * never removes it when the client goes: +3,000 per step.
 */
public final class PriceBoard {
  /** The shared model. */
  static final class PriceModel {
    final PropertyChangeSupport changes = new PropertyChangeSupport(this);

    void addListener(String instrument, PropertyChangeListener l) {
      changes.addPropertyChangeListener(instrument, l);
    }

    void setPrice(String instrument, long oldCents, long cents) {
      changes.firePropertyChange(instrument, oldCents, cents);
    }
  }

  static final PriceModel MODEL = new PriceModel();

  /** One client's board. */
  static final class Board implements PropertyChangeListener {
    final String client;
    final byte[] rendered = new byte[400];
    long last;

    Board(String client) {
      this.client = client;
    }

    @Override
    public void propertyChange(PropertyChangeEvent e) {
      last = (Long) e.getNewValue();
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        MODEL.addListener("instrument-" + (n % 200), new Board("client-" + n)); // never removed
        if (i % 500 == 0) {
          MODEL.setPrice("instrument-" + (n % 200), n, n + 1L);
        }
      }
      dumps.take(dump);
    }
    System.out.println("boards " + n);
  }

  private PriceBoard() {}
}
