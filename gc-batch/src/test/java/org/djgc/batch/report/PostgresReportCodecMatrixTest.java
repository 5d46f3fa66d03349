package org.djgc.batch.report;

import org.djgc.batch.support.OnPostgres;

/**
 * {@link ReportCodecMatrixTest} with the pipeline on PostgreSQL (issue 12): upstream's live-data
 * matrix on DataJoint's PostgreSQL tables.
 */
@OnPostgres
class PostgresReportCodecMatrixTest extends ReportCodecMatrixTest {}
