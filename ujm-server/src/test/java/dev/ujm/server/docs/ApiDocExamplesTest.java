package dev.ujm.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shell examples of docs/api.md can be pasted: every example heading (a {@code #} comment line)
 * has a command under it, and no command names a made-up id that would answer 404; ids come from
 * the answers of earlier commands.
 */
class ApiDocExamplesTest {
  private static final Pattern BASH = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern LITERAL_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|key-0[0-9a-f]|\\.\\.\\.");

  private static List<String> bashBlocks() throws IOException {
    Matcher m = BASH.matcher(Files.readString(Path.of("..", "docs", "api.md")));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @Test
  void every_example_heading_has_a_command() throws IOException {
    List<String> headingsWithoutCommand = new ArrayList<>();
    for (String block : bashBlocks()) {
      List<String> lines = block.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).startsWith("# ")) {
          continue;
        }
        boolean command =
            i + 1 < lines.size()
                && !lines.get(i + 1).isBlank()
                && !lines.get(i + 1).startsWith("#");
        if (!command) {
          headingsWithoutCommand.add(lines.get(i));
        }
      }
    }
    assertThat(bashBlocks()).isNotEmpty();
    assertThat(headingsWithoutCommand).isEmpty();
  }

  @Test
  void no_example_names_a_made_up_id() throws IOException {
    for (String block : bashBlocks()) {
      for (String line : block.lines().toList()) {
        String command = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
        assertThat(LITERAL_ID.matcher(command).find()).as(line).isFalse();
      }
    }
  }
}
