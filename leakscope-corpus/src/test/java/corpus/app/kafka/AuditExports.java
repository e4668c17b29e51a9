package corpus.app.kafka;

import ch.qos.logback.classic.Level;
import corpus.support.HeapDumps;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

/**
 * Leak through the Kafka client: each tenant's audit export makes a {@code KafkaProducer} of its
 * own, and the export's failure path (the broker is down, so the first send times out) returns
 * without closing it. An unclosed producer keeps its sender thread ({@code
 * kafka-producer-network-thread | producer-N}), which keeps reconnecting, and with it the
 * producer's buffers, metadata and metrics, and its MBeans stay registered: +40 producers per step,
 * 120 at the end.
 */
public final class AuditExports {
  static void export(int tenant) {
    Properties p = new Properties();
    // nothing listens there: the broker is down
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20");
    KafkaProducer<String, String> producer = new KafkaProducer<>(p);
    Future<RecordMetadata> sent =
        producer.send(new ProducerRecord<>("audit", "tenant-" + tenant, "export started"));
    try {
      sent.get();
    } catch (ExecutionException | InterruptedException e) {
      System.out.println("export " + tenant + " failed: " + e.getCause());
      return; // the bug: the producer is never closed on this path
    }
    producer.close();
  }

  public static void main(String[] args) throws Exception {
    // a service sets its log levels; the client's own debug output would fill the log
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka"))
        .setLevel(Level.ERROR);
    HeapDumps dumps = HeapDumps.from(args);
    int tenant = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 40; i++, tenant++) {
        export(tenant);
      }
      Thread.sleep(300);
      dumps.take(dump);
    }
    System.exit(0); // the producers' threads are not daemons
  }

  private AuditExports() {}
}
