package dev.ujm.core.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Priority;
import java.util.List;

/** The job a schedule submits at each fire. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobTemplate(
    String type,
    JsonNode payload,
    Priority priority,
    String queue,
    Integer timeoutSeconds,
    Integer maxAttempts,
    List<String> tags) {
  public JobTemplate {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
