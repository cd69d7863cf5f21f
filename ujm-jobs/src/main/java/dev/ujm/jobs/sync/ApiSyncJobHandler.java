package dev.ujm.jobs.sync;

import dev.ujm.core.files.FileStore;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobHandler;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.jobs.crawl.AddressGuard;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code api-sync} job type: pulls a paged HTTP API into result items or files, page by page,
 * resumable from the last stored page. See {@link ApiSyncRun} for one attempt. Thread-safe.
 */
public final class ApiSyncJobHandler implements JobHandler<ApiSyncPayload> {
  /** The job type name. */
  public static final String TYPE = "api-sync";

  private final ApiSyncSettings settings;
  private final PageFetch fetch;
  private final Optional<FileStore> files;

  ApiSyncJobHandler(ApiSyncSettings settings, AddressGuard guard, Optional<FileStore> files) {
    this.settings = settings;
    this.fetch = new PageFetch(settings, guard);
    this.files = files;
  }

  /**
   * The job type for this environment: settings and credentials from {@code UJM_API_SYNC_*},
   * addresses checked by the crawler's guard (strict unless {@code
   * UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS}), files in the environment's {@link FileStore}.
   *
   * @throws dev.ujm.core.config.ConfigException when a setting or credential is bad
   */
  public static JobDefinition<ApiSyncPayload> definition(JobEnvironment env) {
    ApiSyncSettings settings = ApiSyncSettings.from(env);
    AddressGuard guard =
        settings.allowPrivateNetworks()
            ? AddressGuard.permissive()
            : new AddressGuard(AddressGuard.PUBLIC_ONLY);
    Optional<FileStore> files = env.service(FileStore.class);
    return JobDefinition.of(
            TYPE, ApiSyncPayload.class, new ApiSyncJobHandler(settings, guard, files))
        .withValidator(new ApiSyncPayloadValidator(settings, files.isPresent()))
        .withDefaultTimeout(Duration.ofHours(4));
  }

  @Override
  public JobOutcome run(JobContext<ApiSyncPayload> ctx) throws Exception {
    return new ApiSyncRun(ctx, settings, fetch, files).execute();
  }
}
