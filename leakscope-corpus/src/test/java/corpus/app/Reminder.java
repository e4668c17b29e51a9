package corpus.app;

/** A reminder a user asked for: runs every hour until the user cancels it (which never happens). */
public final class Reminder implements Runnable {
  final String requestId;
  final String user;
  final String message;

  Reminder(String requestId, String user, String message) {
    this.requestId = requestId;
    this.user = user;
    this.message = message;
  }

  @Override
  public void run() {
    System.out.println("reminding " + user + ": " + message);
  }
}
