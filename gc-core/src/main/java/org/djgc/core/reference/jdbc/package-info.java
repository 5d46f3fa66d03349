/**
 * Reference discovery over JDBC (MySQL, MariaDB): the catalog query that finds DataJoint's storage
 * columns and the streaming, snapshot-consistent read of their raw JSON. Each database's SQL is its
 * {@code DiscoveryDialect}. Invariant: one read-only
 * transaction covers every table, and a table that cannot be read is a finding, never a skip.
 */
package org.djgc.core.reference.jdbc;
