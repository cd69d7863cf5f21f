package dev.ujm.core.workflow;

import dev.ujm.core.model.UjmException;

/** No workflow with this id (or none the caller may see). */
public final class WorkflowNotFoundException extends UjmException {
  public WorkflowNotFoundException(String id) {
    super("no workflow with id " + id);
  }
}
