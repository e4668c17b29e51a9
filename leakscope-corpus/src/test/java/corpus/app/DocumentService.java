package corpus.app;

import corpus.support.HeapDumps;

/**
 * Leak (a weak map that is not): each request opens a document, renders it, and caches the
 * rendering in {@link DocumentCache#RENDERINGS}, a {@code WeakHashMap} keyed by the document. The
 * request then drops the document, but the rendering refers to it, so the entry stays: +3,000
 * {@code Rendering} per step.
 */
public final class DocumentService {
  private static int opened;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      serve(3_000);
      System.gc(); // a weak map that worked would lose its entries here
      System.out.println("cached " + DocumentCache.RENDERINGS.size());
      dumps.take(dump);
    }
  }

  static void serve(int requests) {
    for (int i = 0; i < requests; i++) {
      DocumentCache.Document d = new DocumentCache.Document("doc-" + opened++);
      DocumentCache.RENDERINGS.put(d, new DocumentCache.Rendering(d));
    }
  }

  private DocumentService() {}
}
