package dev.ujm.jobs;

import dev.ujm.core.cluster.HostPoliteness;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobModule;
import dev.ujm.core.handler.WorkSpans;
import dev.ujm.jobs.crawl.AddressGuard;
import dev.ujm.jobs.crawl.CrawlDependencies;
import dev.ujm.jobs.crawl.CrawlJobHandler;
import dev.ujm.jobs.crawl.CrawlSettings;
import dev.ujm.jobs.crawl.HostLimiter;
import dev.ujm.jobs.email.EmailJobHandler;
import dev.ujm.jobs.files.FileProcessJobHandler;
import dev.ujm.jobs.maintenance.MaintenanceJobHandler;
import dev.ujm.jobs.process.ProcessJobHandler;
import dev.ujm.jobs.report.ReportJobHandler;
import dev.ujm.jobs.sync.ApiSyncJobHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The job types that ship with UJM, found through {@link java.util.ServiceLoader}: {@code crawl}
 * (see {@code docs/crawl.md}) and the types of {@code docs/job-types.md}: {@code email}, {@code
 * file-process}, {@code api-sync}, {@code report}, {@code maintenance} and the process types of
 * {@code UJM_PROCESS_TYPES}, …. Crawls keep their per-host politeness in the environment's {@link
 * HostPoliteness} when the backend shares one between nodes, else in the one {@link HostLimiter}
 * this module instance owns, so every crawl job of the node shares it. Thread-safe.
 */
public final class BuiltInJobs implements JobModule {
  private final HostLimiter hostLimiter = new HostLimiter();

  /**
   * The built-in types for this environment's settings.
   *
   * @throws dev.ujm.core.config.ConfigException when a {@code UJM_CRAWL_*} setting is bad, naming
   *     every bad one
   */
  @Override
  public List<JobDefinition<?>> definitions(JobEnvironment environment) {
    CrawlSettings crawl = CrawlSettings.from(environment);
    List<JobDefinition<?>> all = new ArrayList<>();
    HostPoliteness politeness = environment.service(HostPoliteness.class).orElse(hostLimiter);
    all.add(
        CrawlJobHandler.definition(
            CrawlDependencies.create(
                crawl,
                politeness,
                AddressGuard.of(crawl),
                environment.service(WorkSpans.class).orElse(WorkSpans.NONE))));
    all.add(EmailJobHandler.definition(environment));
    all.add(FileProcessJobHandler.definition(environment));
    all.add(ApiSyncJobHandler.definition(environment));
    all.add(ReportJobHandler.definition(environment));
    all.add(MaintenanceJobHandler.definition(environment));
    all.addAll(ProcessJobHandler.definitions(environment));
    return List.copyOf(all);
  }
}
