package org.djgc.batch.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** The RabbitMQ broker the tests use (127.0.0.1:5672, guest/guest, which scripts/services.sh starts). */
public final class TestBroker {
  private TestBroker() {}

  /** Removes a test's queue (managers and workers declare theirs durable). */
  public static void deleteQueue(String queue) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      channel.queueDelete(queue);
    }
  }
}
