package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /api/v2/schedules} and {@code PUT /api/v2/schedules/{id}}.
 *
 * @param cron five fields ({@code 0 3 * * *}), six with seconds first ({@code *&#47;10 * * * * *}),
 *     or a macro ({@code @hourly}, {@code @daily}, …)
 * @param timeZone an IANA zone such as {@code Europe/Berlin}; UTC when absent
 * @param misfire {@code skip} (default), {@code fire-once} or {@code catch-up}
 * @param overlap {@code allow} (default), {@code skip} or {@code queue}
 * @param catchUpLimit most jobs a catch-up makes for one outage (default 10)
 * @param enabled false creates it paused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleRequest(
    String name,
    String cron,
    String timeZone,
    Job job,
    String misfire,
    String overlap,
    Integer catchUpLimit,
    Boolean enabled) {

  /** The job each fire submits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Job(
      String type,
      JsonNode payload,
      String priority,
      String queue,
      Integer timeoutSeconds,
      Integer maxAttempts,
      List<String> tags) {}
}
