package org.djgc.batch.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@link ReportTestBase} suite with its pipeline on PostgreSQL (issue 12): the same tests,
 * the tables declared as DataJoint's PostgreSQL adapter declares them, dj-gc's metadata on MariaDB.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OnPostgres {}
