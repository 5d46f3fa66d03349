/**
 * The Hadoop FileSystem backend: DataJoint {@code azure} stores on ABFS, {@code gcs} stores on the
 * GCS connector, and, by per-store choice or URI override, {@code s3} on S3A, {@code file} on the
 * local file system, HDFS and Databricks volumes ({@code dbfs:/Volumes/...}, with the Databricks
 * Hadoop connector). Invariants: every key resolves to exactly {@code {root}/{key}} on the root's
 * file system, and local symbolic links are never followed; listings are sorted into
 * {@link java.lang.String#compareTo} order by an external sort and throw rather than end early;
 * moves never overwrite and, where rename is not atomic, copy, verify and only then delete the
 * source; deletes are non-recursive and idempotent; credentials never appear in descriptions or
 * messages. A scheme without a FileSystem on the classpath (gs:// without the GCS connector) fails
 * at open with a {@link org.djgc.core.config.ConfigurationException} naming the jar to add.
 */
package org.djgc.core.storage.hadoop;
