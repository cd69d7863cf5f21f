package dev.ujm.core.workflow;

import dev.ujm.core.store.Page;
import java.util.Optional;

/**
 * The storage seam of workflows and batches with callbacks, a sibling of {@link
 * dev.ujm.core.store.JobStore} implemented by the same backend (its moves are job moves). Each
 * method is atomic in its backend like a job move, or leaves its dependents' cascade as the job
 * store's explicit follow-ups ({@link dev.ujm.core.store.StoreCapability#ATOMIC_FOLLOW_UPS}).
 * Thread-safe; {@code ujm-store-tck}'s {@code WorkflowContract} is its executable form.
 */
public interface WorkflowStore {

  /**
   * Stores every job of the workflow, or none: steps in the order given (each one's refs resolved
   * to the ids of the steps before it; {@code runIf.parent} refs too), then the callbacks, which
   * depend on every step ({@code onComplete}: {@code runWhen completed}, {@code onFailure}: {@code
   * failed}, each receiving the batch summary). Root steps are queued (or scheduled), the others
   * waiting.
   *
   * @throws dev.ujm.core.model.InvalidJobException for a step the store refuses (nothing stored)
   */
  Workflow submitWorkflow(NewWorkflow workflow);

  Optional<Workflow> getWorkflow(String workflowId);

  /**
   * One page of the workflows (and batches with callbacks) the query's tenant and owner hold,
   * newest first; {@code nextCursor} is null on the last page.
   */
  Page<Workflow> findWorkflows(WorkflowQuery query);

  /**
   * Cancels every job of the workflow that has not ended, dependents before the jobs they depend
   * on, so no compensation or callback is released by the cancel itself.
   *
   * @throws WorkflowNotFoundException when there is no such workflow
   */
  Workflow cancelWorkflow(String workflowId, String actor);

  /**
   * Re-drives the workflow: in topological order, every job that failed or was cancelled by a
   * person (not by its parents' outcome: those are re-armed by their parent's retry) is retried,
   * waiting again while its parents are open. Jobs that can no longer run are left alone.
   *
   * @throws WorkflowNotFoundException when there is no such workflow
   */
  Workflow retryWorkflow(String workflowId, String actor);
}
