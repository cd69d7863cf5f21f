package dev.ujm.core.diagnostic;

import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobModule;
import java.util.List;

/**
 * The built-in job types for smoke tests, benchmarks and demos: {@code noop}, {@code echo}, {@code
 * sleep} and {@code flaky}. Not found on the class path (an application using UJM as a library
 * would get four worker pools it never asked for): {@code Ujm.builder().diagnosticTypes(true)} adds
 * them, as the server does. Needs nothing from the environment.
 */
public final class DiagnosticJobs implements JobModule {

  @Override
  public List<JobDefinition<?>> definitions(JobEnvironment environment) {
    return List.of(
        NoopJob.definition(), EchoJob.definition(), SleepJob.definition(), FlakyJob.definition());
  }
}
