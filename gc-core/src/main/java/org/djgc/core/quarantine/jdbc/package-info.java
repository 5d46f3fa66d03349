/**
 * The quarantine ledger in MySQL/MariaDB. Invariant: every transition is one {@code UPDATE ...
 * WHERE id = ? AND state = ?} that must change exactly one row, committed on its own connection.
 */
package org.djgc.core.quarantine.jdbc;
