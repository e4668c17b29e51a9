package corpus.app;

import java.util.ArrayList;
import java.util.List;

/** The write buffer of {@link BatchService}. */
public final class BatchBuffer {
  /** The buffer is flushed (emptied) when it holds this many events. */
  static final int FLUSH_AT = 20_000;

  /** Healthy (sawtooth): fills with events, then is flushed and starts again. */
  static final List<Event> PENDING = new ArrayList<>();

  /** One buffered event. */
  static final class Event {
    final long id;
    final String payload;

    Event(long id, String payload) {
      this.id = id;
      this.payload = payload;
    }
  }

  private BatchBuffer() {}
}
