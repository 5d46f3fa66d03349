package org.djgc.batch.job.support;

import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Ends every run the same way: a completed run that met findings or scan errors gets exit status
 * {@link RunExitStatus#FAILED_CLOSED} (exit code 3), and the run's scratch files are removed; every
 * run starts by holding its execution lock and recording its id ({@link ExecutionIdFile}).
 */
@Component
public class RunOutcomeListener implements JobExecutionListener {
  private final WorkFiles workFiles;
  private final RunCounters counters;
  private final RunLocks locks;
  private final ExecutionIdFile executionIdFile;

  public RunOutcomeListener(WorkFiles workFiles, RunCounters counters, RunLocks locks,
      ExecutionIdFile executionIdFile) {
    this.workFiles = workFiles;
    this.counters = counters;
    this.locks = locks;
    this.executionIdFile = executionIdFile;
  }

  /**
   * Every execution holds its own lock for its life: a restart can prove the process is gone. Its
   * id goes to {@code --execution-id-file} once that lock is held.
   */
  @Override
  public void beforeJob(JobExecution execution) {
    counters.reset();
    org.slf4j.MDC.put("run", String.valueOf(execution.getId()));
    org.slf4j.MDC.put("job", execution.getJobInstance().getJobName());
    String store = execution.getJobParameters().getString(JobParameterNames.STORE);
    if (store != null) {
      org.slf4j.MDC.put("store", store);
    }
    locks.holdExecution(execution.getId());
    executionIdFile.written(execution.getId());
  }

  @Override
  public void afterJob(JobExecution execution) {
    try {
      if (execution.getStatus() == BatchStatus.COMPLETED) {
        long findings = execution.getExecutionContext().getLong(ContextKeys.FINDINGS, 0L);
        Object scanErrors = execution.getExecutionContext().get(ContextKeys.SCAN_ERRORS);
        int errors = scanErrors instanceof List<?> list ? list.size() : 0;
        String refusal = execution.getExecutionContext().getString(ContextKeys.REFUSAL, null);
        if (refusal != null) {
          execution.setExitStatus(RunExitStatus.failedClosed(refusal));
        } else if (findings > 0 || errors > 0) {
          execution.setExitStatus(RunExitStatus.failedClosed(findings + " reference finding(s), " + errors
              + " scan error(s)"));
        } else if (counters.errorCount() > 0) {
          execution.setExitStatus(RunExitStatus.withObjectErrors(counters.errorCount() + " per-object error(s)"));
        }
      }
    } finally {
      workFiles.delete(execution);
      locks.releaseExecution();
    }
  }
}
