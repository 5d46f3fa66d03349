package org.djgc.batch.config;

import javax.sql.DataSource;

/**
 * The DataJoint pipeline's database server, read for references. Kept apart from the metadata
 * {@link DataSource} bean so Spring Batch never confuses the two.
 *
 * @param dataSource connections with no default database
 * @param description user, host and port, without the password
 */
public record PipelineDatabase(DataSource dataSource, String description) {}
