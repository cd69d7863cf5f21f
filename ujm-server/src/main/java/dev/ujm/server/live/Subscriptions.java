package dev.ujm.server.live;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code subscribe} and {@code unsubscribe} do to a client's {@link Interest}: {@code
 * "scope":"own"} follows the key's own jobs, {@code "scope":"all"} (admin keys only) its whole
 * tenant, {@code "jobIds":[…]} those jobs (only events the key may read arrive). Each answers
 * {@code {"event":"subscribed","own","all","jobIds"}} with what the client follows now, or an
 * {@code {"event":"error","status","detail"}}. Stateless.
 */
final class Subscriptions {
  /** Most job ids one connection follows by id. */
  static final int MAX_JOB_IDS = 10_000;

  private Subscriptions() {}

  static void handle(SocketClient client, LiveHub hub, String action, ClientMessage message) {
    boolean subscribe = action.equals("subscribe");
    if (!subscribe && !action.equals("unsubscribe")) {
      client.reply(
          error(400, "unknown action '" + action + "': auth, subscribe, unsubscribe, ping"));
      return;
    }
    String scope = message.scope();
    List<String> ids = message.jobIds() == null ? List.of() : message.jobIds();
    if (scope == null && ids.isEmpty()) {
      client.reply(error(400, action + " needs a scope (own, all) or jobIds"));
      return;
    }
    if (scope != null && !scope.equals("own") && !scope.equals("all")) {
      client.reply(error(400, "scope is own or all, not '" + scope + "'"));
      return;
    }
    Interest interest = client.interest();
    if (subscribe && "all".equals(scope) && !interest.caller().seesWholeTenant()) {
      client.reply(
          error(403, "only an admin or operator key may follow a whole tenant (scope all)"));
      return;
    }
    Set<String> jobIds = new LinkedHashSet<>();
    for (String id : ids) {
      if (id != null && !id.isBlank()) {
        jobIds.add(id.trim());
      }
    }
    if (subscribe && interest.jobIds().size() + jobIds.size() > MAX_JOB_IDS) {
      client.reply(error(400, "a connection follows at most " + MAX_JOB_IDS + " job ids"));
      return;
    }
    if ("own".equals(scope)) {
      interest.own(subscribe);
    } else if ("all".equals(scope)) {
      interest.all(subscribe);
    }
    if (subscribe) {
      interest.addJobs(jobIds);
    } else {
      interest.removeJobs(jobIds);
    }
    hub.reindex(client);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", "subscribed");
    answer.put("own", interest.own());
    answer.put("all", interest.all());
    answer.put("jobIds", interest.jobIds());
    client.reply(answer);
  }

  static Map<String, Object> error(int status, String detail) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("event", "error");
    error.put("status", status);
    error.put("detail", detail);
    return error;
  }
}
