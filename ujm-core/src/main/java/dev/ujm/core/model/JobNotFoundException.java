package dev.ujm.core.model;

/** No job has that id (or, at the API, none that the caller may see). */
public final class JobNotFoundException extends UjmException {
  private final String jobId;

  public JobNotFoundException(String jobId) {
    super("no job with id " + jobId);
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }
}
