package org.djgc.batch.job.remote;

import java.util.List;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.RunLocks;
import org.springframework.amqp.core.AmqpTemplate;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * Remote partitioning over RabbitMQ ({@code spring.rabbitmq.*}), with Spring Integration's AMQP
 * adapters: a manager sends {@link StepExecutionRequest}s to the durable queue {@code
 * gc.remote.queue}; a worker ({@code --worker}, profile {@code worker}) consumes them with {@code
 * gc.partition-threads} consumers, each taking one at a time (prefetch 1, acknowledged when the
 * partition has ended). Nothing connects to the broker
 * until a remote run sends or a worker starts. Spring Boot's Spring Integration auto-configuration
 * is a separate starter; {@link EnableIntegration} is all these two flows need.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
public class RemotePartitioningConfiguration {
  private static final String REQUESTS = "djgcPartitionRequests";

  @Bean
  Queue djgcPartitionQueue(GcProperties properties) {
    return new Queue(properties.remote().queue(), true);
  }

  @Bean(REQUESTS)
  DirectChannel djgcPartitionRequests() {
    return new DirectChannel();
  }

  @Bean
  IntegrationFlow djgcPartitionsToBroker(AmqpTemplate template, GcProperties properties) {
    return IntegrationFlow.from(REQUESTS)
        .handle(Amqp.outboundAdapter(template).routingKey(properties.remote().queue()))
        .get();
  }

  @Bean
  RemotePartitions remotePartitions(@Qualifier(REQUESTS) MessageChannel requests, JobRepository repository,
      RunLocks locks, RepositoryKey key, GcProperties properties, CrashPoints crash) {
    return new RemotePartitions(requests, repository, locks, key, properties.remote(), crash);
  }

  @Bean
  @Profile("worker")
  WorkerIdleness workerIdleness() {
    return new WorkerIdleness();
  }

  @Bean
  @Profile("worker")
  IntegrationFlow djgcPartitionsFromBroker(ConnectionFactory connections, GcProperties properties,
      JobRepository repository, RunLocks locks, RepositoryKey key, WorkerSteps steps, WorkerIdleness idleness) {
    SimpleMessageConverter converter = new SimpleMessageConverter();
    converter.setAllowedListPatterns(List.of(StepExecutionRequest.class.getName()));
    PartitionRequests requests = new PartitionRequests(repository, locks, key, steps, idleness);
    return IntegrationFlow.from(Amqp.inboundAdapter(connections, properties.remote().queue())
            .messageConverter(converter)
            .configureContainer(container -> container.prefetchCount(1).defaultRequeueRejected(false)
                .concurrentConsumers(properties.partitionThreads())))
        .handle((MessageHandler) requests::handle)
        .get();
  }

  @Bean
  @Profile("worker")
  Worker worker(WorkerIdleness idleness, GcProperties properties, RepositoryKey key,
      @Qualifier("djgcPartitionsFromBroker") IntegrationFlow inbound, org.djgc.batch.job.support.WorkFiles workFiles,
      JobRepository repository) {
    return new Worker(idleness, properties.remote(), key, (org.springframework.context.Lifecycle) inbound, workFiles,
        repository);
  }
}
