/**
 * Partitioned scans (issue 11): a run's sections cut into slices ({@code gc.partitions}), each
 * listed and diffed by a partition step of its own against its share of the run's one snapshot,
 * then merged into what a whole scan leaves.
 */
package org.djgc.batch.job.partition;
