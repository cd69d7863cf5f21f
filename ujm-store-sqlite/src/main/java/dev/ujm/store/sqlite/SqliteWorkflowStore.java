package dev.ujm.store.sqlite;

import dev.ujm.core.store.Page;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowQuery;
import dev.ujm.core.workflow.WorkflowStore;
import java.util.Optional;

/**
 * The workflows of the embedded store, in the same database file and through the same writer as its
 * jobs: a workflow's jobs and rows commit together, and its cascades are the jobs' own.
 * Thread-safe.
 */
final class SqliteWorkflowStore implements WorkflowStore {
  private final SqliteJobStore jobs;

  SqliteWorkflowStore(SqliteJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public Workflow submitWorkflow(NewWorkflow workflow) {
    return jobs.writer().execute(tx -> WorkflowWrites.submit(tx, jobs.submits(), workflow));
  }

  @Override
  public Optional<Workflow> getWorkflow(String workflowId) {
    return jobs.readers()
        .read(db -> Optional.ofNullable(WorkflowReads.get(db::prepare, workflowId)));
  }

  @Override
  public Page<Workflow> findWorkflows(WorkflowQuery query) {
    return jobs.readers().read(db -> WorkflowReads.find(db::prepare, query));
  }

  @Override
  public Workflow cancelWorkflow(String workflowId, String actor) {
    return jobs.writer().execute(tx -> WorkflowWrites.cancel(tx, workflowId, actor));
  }

  @Override
  public Workflow retryWorkflow(String workflowId, String actor) {
    return jobs.writer().execute(tx -> WorkflowWrites.retry(tx, workflowId, actor));
  }
}
