package corpus.app.errors;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Leak: the payment service keeps every failed call's exception for an admin page of "recent
 * errors" ({@link #RECENT}), and nothing trims the list. Each exception keeps its stack trace (the
 * JVM's backtrace of the frames, then the {@code StackTraceElement}s once it was logged) and its
 * message: +1,500 per step.
 */
public final class PaymentErrors {
  /** The failures shown on the admin page: meant to be the last hundred, never trimmed. */
  static final List<TimeoutException> RECENT = Collections.synchronizedList(new ArrayList<>());

  private static int framesLogged;

  static void charge(int payment) {
    try {
      callAcquirer(payment, 12);
    } catch (TimeoutException e) {
      if (payment % 10 == 0) {
        // logged: the frames are made from the backtrace, and kept by the exception
        framesLogged += e.getStackTrace().length;
      }
      RECENT.add(e);
    }
  }

  /** A call a few frames deep that times out. */
  private static void callAcquirer(int payment, int depth) throws TimeoutException {
    if (depth > 0) {
      callAcquirer(payment, depth - 1);
      return;
    }
    throw new TimeoutException("acquirer did not answer payment " + payment + " within 2000 ms");
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int payment = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, payment++) {
        charge(payment);
      }
      dumps.take(dump);
    }
  }

  private PaymentErrors() {}
}
