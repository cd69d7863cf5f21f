package dev.ujm.jobs.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads what a process job says on its standard output, one JSON object per line:
 *
 * <ul>
 *   <li>{@code {"progress": 40}} (percent) or {@code {"progress": {"current": 4, "total": 10,
 *       "message": "…"}}};
 *   <li>{@code {"checkpoint": …}}: saved now, and handed to the next attempt on its standard input;
 *   <li>{@code {"result": …}}: the job's result (the last one counts).
 * </ul>
 *
 * Any other line is logged with the job's id. Lines longer than {@value #MAX_LINE} characters are
 * dropped. Runs on its own thread per attempt.
 */
final class LineProtocol {
  static final int MAX_LINE = 1 << 20;

  private final JobContext<?> ctx;
  private final AtomicReference<JsonNode> result = new AtomicReference<>();

  LineProtocol(JobContext<?> ctx) {
    this.ctx = ctx;
  }

  /** The last result the process reported, or null. */
  JsonNode result() {
    return result.get();
  }

  void read(InputStream stdout) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.length() > MAX_LINE) {
          ctx.log().warn("dropped an output line of {} characters", line.length());
        } else if (!line.isBlank()) {
          handle(line.strip());
        }
      }
    } catch (IOException e) {
      // the process is gone
    } catch (RuntimeException e) {
      ctx.log().info("stopped reading the job's output: {}", e.toString());
    }
  }

  private void handle(String line) {
    JsonNode message = null;
    if (line.startsWith("{")) {
      try {
        message = Json.mapper().readTree(line);
      } catch (IOException e) {
        // plain output
      }
    }
    if (message == null || !message.isObject() || message.size() != 1) {
      ctx.log().info("output: {}", line);
      return;
    }
    if (message.has("result")) {
      result.set(message.get("result"));
    } else if (message.has("checkpoint")) {
      ctx.saveCheckpoint(message.get("checkpoint"));
    } else if (message.has("progress")) {
      JsonNode p = message.get("progress");
      if (p.isNumber()) {
        ctx.progress(new Progress(Math.max(0, Math.min(100, p.asInt())), null, null, null, null));
      } else if (p.isObject() && p.has("current") && p.has("total")) {
        ctx.progress(
            p.get("current").asLong(), p.get("total").asLong(), p.path("message").asText(null));
      }
    } else {
      ctx.log().info("output: {}", line);
    }
  }
}
