package corpus.app;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Derived data of {@link DocumentService} kept "weakly": a {@link WeakHashMap} from each document
 * to its rendering. The leak: the rendering holds its document, so the value keeps the key strongly
 * reachable and no entry is ever cleared.
 */
public final class DocumentCache {
  static final Map<Document, Rendering> RENDERINGS = new WeakHashMap<>();

  /** A document a request opened. */
  public static final class Document {
    final String id;
    final byte[] body = new byte[200];

    Document(String id) {
      this.id = id;
    }
  }

  /** What is kept per document: its layout, and (the leak) the document itself. */
  public static final class Rendering {
    final Document source;
    final int[] lineOffsets = new int[48];

    Rendering(Document source) {
      this.source = source;
    }
  }

  private DocumentCache() {}
}
