package org.example.telemetry;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A library's client with an I/O thread of its own, as Kafka's producer has: made with the client
 * ({@code telemetry-sender | client-N}, one number in its name), waiting for records to send, ended
 * by {@link #close()}. Outside the test program's packages, so its frames are a library's. Each
 * client keeps a send buffer of {@link #BUFFER_BYTES}.
 */
public final class TelemetryClient implements AutoCloseable {
  public static final int BUFFER_BYTES = 20_000;

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final Sender sender = new Sender();
  private final Thread io;

  public TelemetryClient() {
    io = new Thread(sender, "telemetry-sender | client-" + CLIENTS.incrementAndGet());
    io.setDaemon(true);
    io.start();
  }

  /** Queues a record; the I/O thread sends it. */
  public void send(String record) {
    sender.queue.add(record);
  }

  @Override
  public void close() {
    io.interrupt();
  }

  /** What the I/O thread runs: it waits for records. */
  static final class Sender implements Runnable {
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    final byte[] buffer = new byte[BUFFER_BYTES];

    @Override
    public void run() {
      try {
        while (true) {
          String record = queue.take();
          buffer[0] = (byte) record.length();
        }
      } catch (InterruptedException closed) {
        // close(): the thread ends
      }
    }
  }
}
