package corpus.app;

import corpus.support.HeapDumps;

/**
 * Leak in one growing buffer: a support chat appends every message to one transcript, kept for
 * "debugging", that nothing ever trims. One object grows, not a collection: +2,000 lines (about 200
 * KB of text) per step.
 */
public final class ChatTranscripts {
  static final StringBuilder TRANSCRIPT = new StringBuilder();

  static void message(int session, String from, String text) {
    TRANSCRIPT
        .append("session ")
        .append(session)
        .append(' ')
        .append(from)
        .append(": ")
        .append(text)
        .append('\n');
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int line = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++, line++) {
        message(
            line / 20,
            i % 2 == 0 ? "customer" : "agent",
            "about order " + line + " and its refund status");
      }
      dumps.take(dump);
    }
  }

  private ChatTranscripts() {}
}
