/**
 * Remote partitioning (spec §4.6b): a manager hands the partitions of a partitioned scan to worker
 * processes over RabbitMQ and follows them in the shared job repository; workers run them.
 */
package org.djgc.batch.job.remote;
