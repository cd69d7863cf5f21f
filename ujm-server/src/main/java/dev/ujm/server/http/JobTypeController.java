package dev.ujm.server.http;

import dev.ujm.api.JobTypeView;
import dev.ujm.api.ListResponse;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v2/job-types}: every job type of this node (built in, from plugins, declared
 * process types), sorted by name, each with its payload schema. Thread-safe.
 */
public final class JobTypeController {
  private final Backend backend;

  public JobTypeController(Backend backend) {
    this.backend = backend;
  }

  public void list(Context ctx, Caller caller) {
    JobTypeRegistry types = backend.engine().jobs().types();
    List<JobTypeView> items = new ArrayList<>();
    for (String name : types.typeNames()) {
      types.find(name).ifPresent(d -> items.add(view(d)));
    }
    HttpExchange.json(ctx, 200, new ListResponse<>(items, null));
  }

  private static JobTypeView view(JobDefinition<?> d) {
    return new JobTypeView(
        d.type(),
        d.payloadSchema(),
        d.defaultTimeout() == null ? null : d.defaultTimeout().toSeconds());
  }
}
