package dev.ujm.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.api.JobView;
import dev.ujm.core.model.Job;
import io.javalin.http.Context;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What each job of a list shows. By default a summary: everything but {@code payload} and {@code
 * result} (each up to a mebibyte; the checkpoint is never shown). {@code ?view=full} shows them
 * too; {@code ?fields=id,state,payload} shows only the named fields (and always {@code id}).
 * Immutable.
 *
 * @param fields the fields to keep, or null for a whole view
 * @param full whether a whole view has payload and result
 */
record ListView(Set<String> fields, boolean full) {
  /** Every field a job has in the API, in order. */
  static final List<String> FIELDS =
      Arrays.stream(JobView.class.getRecordComponents()).map(RecordComponent::getName).toList();

  /**
   * The view the request asks for.
   *
   * @throws ProblemException 400 for an unknown view or field, or both parameters at once
   */
  static ListView of(Context ctx) {
    String view = QueryParams.text(ctx, "view");
    String fields = QueryParams.text(ctx, "fields");
    if (view != null && fields != null) {
      throw ProblemException.invalid("fields", "give fields or view, not both");
    }
    if (fields != null) {
      Set<String> keep = new LinkedHashSet<>();
      keep.add("id");
      for (String field : fields.split(",")) {
        String name = field.trim();
        if (name.isEmpty()) {
          continue;
        }
        if (!FIELDS.contains(name)) {
          throw ProblemException.invalid(
              "fields", "fields names job fields, one of " + String.join(", ", FIELDS));
        }
        keep.add(name);
      }
      return new ListView(Set.copyOf(keep), true);
    }
    if (view == null || view.equals("summary")) {
      return new ListView(null, false);
    }
    if (view.equals("full")) {
      return new ListView(null, true);
    }
    throw ProblemException.invalid("view", "view must be summary (the default) or full");
  }

  /** One job as this view shows it. */
  Object of(Job job, Set<String> served) {
    if (fields == null) {
      return full ? Views.job(job, served) : Views.summary(job, served);
    }
    ObjectNode node = HttpExchange.answers().valueToTree(Views.job(job, served));
    node.retain(fields);
    return node;
  }
}
