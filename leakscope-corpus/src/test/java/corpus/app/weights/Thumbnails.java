package corpus.app.weights;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import corpus.support.HeapDumps;

/**
 * Leak: thumbnails in a Caffeine cache bounded by weight, {@code maximumWeight(2 MB)}, weighed by
 * their image's length. Each thumbnail is put into the cache as soon as it is requested and
 * rendered afterwards, in place: at the put its image is still null, so it weighs 0, and Caffeine
 * never evicts an entry of weight 0 by weight. +3,000 thumbnails of 600 bytes per step.
 */
public final class Thumbnails {
  /** A thumbnail of a picture, rendered after it is cached. */
  static final class Thumbnail {
    final String pictureId;
    final int width;
    volatile byte[] image;

    Thumbnail(String pictureId, int width) {
      this.pictureId = pictureId;
      this.width = width;
    }
  }

  static final Cache<String, Thumbnail> THUMBNAILS =
      Caffeine.newBuilder()
          .maximumWeight(2 * 1024 * 1024)
          .<String, Thumbnail>weigher((id, t) -> t.image == null ? 0 : t.image.length)
          .build();

  static Thumbnail thumbnail(String pictureId) {
    Thumbnail t = THUMBNAILS.get(pictureId, id -> new Thumbnail(id, 160));
    if (t.image == null) {
      t.image = new byte[600]; // rendered after the cache weighed it
    }
    return t;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    long bytes = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        bytes += thumbnail("picture-" + n).image.length;
      }
      THUMBNAILS.cleanUp();
      dumps.take(dump);
    }
    System.out.println("served " + bytes);
  }

  private Thumbnails() {}
}
