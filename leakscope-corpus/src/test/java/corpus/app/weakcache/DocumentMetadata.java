package corpus.app.weakcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import corpus.support.HeapDumps;

/**
 * Leak through a weak-keyed Caffeine cache: metadata is cached per document with {@code
 * weakKeys()}, so that it goes with its document; but each metadata refers to its document, and the
 * cache holds the metadata strongly, so no document is ever collected. Documents are made per
 * request and dropped: +3,000 per step.
 */
public final class DocumentMetadata {
  /** A document being processed. */
  static final class Document {
    final String id;

    Document(String id) {
      this.id = id;
    }
  }

  /** What is derived from a document: the bug is {@link #source}. */
  static final class Metadata {
    final Document source;
    final byte[] outline = new byte[400];

    Metadata(Document source) {
      this.source = source;
    }
  }

  static final Cache<Document, Metadata> META = Caffeine.newBuilder().weakKeys().build();

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    long outlined = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        Document d = new Document("doc-" + n);
        outlined += META.get(d, Metadata::new).outline.length;
      }
      META.cleanUp();
      dumps.take(dump);
    }
    System.out.println("cached " + META.estimatedSize() + " " + outlined);
  }

  private DocumentMetadata() {}
}
