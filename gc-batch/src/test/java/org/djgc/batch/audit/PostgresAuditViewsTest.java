package org.djgc.batch.audit;

import org.djgc.batch.support.OnPostgres;

/** {@link AuditViewsTest} with dj-gc's metadata on PostgreSQL: docs/audit.sql's views, history and trace. */
@OnPostgres
class PostgresAuditViewsTest extends AuditViewsTest {}
