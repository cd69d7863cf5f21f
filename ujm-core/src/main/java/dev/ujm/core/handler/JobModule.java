package dev.ujm.core.handler;

import java.util.List;

/**
 * A set of job types found through {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.ujm.core.handler.JobModule}). Implementations need a public no-argument
 * constructor.
 */
public interface JobModule {
  /** The job types of this module, built for this environment. */
  List<JobDefinition<?>> definitions(JobEnvironment environment);
}
