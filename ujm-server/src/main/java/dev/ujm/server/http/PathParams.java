package dev.ujm.server.http;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Checks every path parameter of a request before its handler runs, so an id that is not
 * well-formed (a {@code %0d%0a} in it, say) is refused with 400 and never reaches a log line, the
 * MDC or a store: {@code {id}} is a key id under {@code /api/v2/keys/}, a name under {@code
 * /api/v2/webhooks/}, a job id everywhere else; {@code {userId}} and {@code {tenantId}} are user
 * and tenant names; {@code {queue}} a queue name. A route with a parameter this class has no rule
 * for fails every request, so none goes unchecked. Stateless.
 */
final class PathParams {
  private PathParams() {}

  /**
   * @throws ProblemException 400 naming the first parameter that is not well-formed
   */
  static void check(Route route, Context ctx) {
    for (Map.Entry<String, String> param : ctx.pathParamMap().entrySet()) {
      String name = param.getKey();
      String value = param.getValue();
      switch (name) {
        case "id" -> {
          if (route.path().startsWith("/api/v2/keys/")) {
            Inputs.keyId(name, value);
          } else if (route.path().startsWith("/api/v2/webhooks/")) {
            Inputs.name(name, value);
          } else {
            Inputs.jobId(name, value);
          }
        }
        case "userId", "tenantId" -> Inputs.name(name, value);
        case "queue" -> Inputs.queue(name, value);
        default ->
            throw new IllegalStateException(
                "no rule checks the path parameter {" + name + "} of " + route.path());
      }
    }
  }
}
