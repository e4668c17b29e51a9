package corpus.app.timers;

import corpus.support.HeapDumps;
import java.util.Timer;
import java.util.TimerTask;

/**
 * Leak (threads): each device connection gets a {@link Timer} of its own that sends a heartbeat
 * every 30 seconds; when the connection closes, nothing cancels the timer or its task. A timer's
 * thread ({@code Timer-N}) runs as long as a task is scheduled, and a periodic task always is, so
 * every closed connection keeps its thread, its task and its buffers: +40 per step, 120 at the end.
 */
public final class Heartbeats {
  /** A device's connection, closed long before its heartbeat stops. */
  static final class DeviceConnection {
    final String device;
    final byte[] sendBuffer = new byte[2_048];
    volatile boolean closed;
    long beats;

    DeviceConnection(String device) {
      this.device = device;
    }
  }

  static DeviceConnection connect(String device) {
    DeviceConnection connection = new DeviceConnection(device);
    Timer heartbeat = new Timer("heartbeat-" + device, true); // the bug: never cancelled
    heartbeat.scheduleAtFixedRate(
        new TimerTask() {
          @Override
          public void run() {
            if (!connection.closed) {
              connection.beats++;
            }
          }
        },
        30_000,
        30_000);
    return connection;
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++, n++) {
        DeviceConnection connection = connect("device-" + n);
        connection.closed = true; // the device disconnects; its timer is forgotten
      }
      Thread.sleep(300);
      dumps.take(dump);
    }
  }

  private Heartbeats() {}
}
