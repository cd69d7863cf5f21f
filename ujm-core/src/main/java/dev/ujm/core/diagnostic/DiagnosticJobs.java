package dev.ujm.core.diagnostic;

import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobModule;
import java.util.List;

/**
 * The built-in job types for smoke tests, benchmarks and demos: {@code noop}, {@code echo}, {@code
 * sleep} and {@code flaky}. Found through {@link java.util.ServiceLoader}; needs nothing from the
 * environment.
 */
public final class DiagnosticJobs implements JobModule {

  @Override
  public List<JobDefinition<?>> definitions(JobEnvironment environment) {
    return List.of(
        NoopJob.definition(), EchoJob.definition(), SleepJob.definition(), FlakyJob.definition());
  }
}
