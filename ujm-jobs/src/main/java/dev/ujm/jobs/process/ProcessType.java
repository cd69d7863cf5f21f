package dev.ujm.jobs.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * One job type an operator declared in a file of {@code UJM_PROCESS_TYPES}: a command that runs in
 * any language, with the payload on its standard input. The command comes from this file only,
 * never from a payload. Immutable.
 *
 * @param name the job type name
 * @param command the program and its fixed arguments; a relative program path is resolved against
 *     the file's directory
 * @param args arguments appended after {@code command}, where {@code {field}} is replaced by the
 *     payload's top-level field of that name (each stays one argument; no shell is involved)
 * @param schema a JSON Schema the payload must fit at submit (type, required, properties,
 *     additionalProperties, enum, minimum, maximum, minLength, maxLength, items, maxItems)
 * @param limits what one attempt may use
 * @param network whether the job may use the network (default false: its own empty network)
 * @param isolation {@code bwrap} (default) or {@code none}, allowed only with {@code
 *     UJM_PROCESS_ALLOW_UNISOLATED=true}
 * @param directory the directory of the declaring file, the job's working directory
 */
public record ProcessType(
    String name,
    List<String> command,
    List<String> args,
    JsonNode schema,
    Limits limits,
    boolean network,
    String isolation,
    Path directory) {

  /**
   * The limits of one attempt; null means none.
   *
   * @param cpuSeconds CPU time of the whole process tree
   * @param memoryMb memory of the whole tree, in MiB
   * @param processes processes and threads at once
   * @param wallSeconds time from start to end
   */
  public record Limits(
      Integer cpuSeconds, Integer memoryMb, Integer processes, Integer wallSeconds) {
    public static final Limits NONE = new Limits(null, null, null, null);
  }

  public boolean isolated() {
    return !"none".equals(isolation);
  }
}
