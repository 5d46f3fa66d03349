package org.djgc.batch.job.support;

/**
 * SQL over Spring Batch's tables for what its {@code JobRepository} does not answer: the executions
 * of a job on one store. Statements alias the execution {@code e} and its instance {@code i}.
 */
public final class ExecutionsSql {
  /** Executions with their job instance. */
  public static final String FROM = "FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i"
      + " ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID";
  /**
   * A condition: execution {@code e} ran on the store bound to {@code ?} (its identifying parameter
   * {@value JobParameterNames#STORE}).
   */
  public static final String ON_STORE = withParameter(JobParameterNames.STORE);

  private ExecutionsSql() {}

  /** A condition: execution {@code e} carries job parameter {@code name} with the value bound to {@code ?}. */
  public static String withParameter(String name) {
    String alias = "p_" + name;
    return "EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION_PARAMS " + alias + " WHERE " + alias
        + ".JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND " + alias + ".PARAMETER_NAME = '" + name + "' AND " + alias
        + ".PARAMETER_VALUE = ?)";
  }
}
