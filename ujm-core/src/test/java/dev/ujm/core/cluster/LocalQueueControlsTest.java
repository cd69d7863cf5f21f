package dev.ujm.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue decisions are merged field by field, told to listeners and survive a restart. */
class LocalQueueControlsTest {
  @TempDir Path dir;

  @Test
  void a_change_keeps_the_other_fields_and_reaches_the_listeners() {
    LocalQueueControls controls = new LocalQueueControls(InstantSource.system());
    List<QueueControl> heard = new ArrayList<>();
    controls.onChange(heard::add);

    controls.update("crawl", QueueControlUpdate.resize(3), "admin");
    QueueControl paused = controls.update("crawl", QueueControlUpdate.pause(true), "admin");

    assertThat(paused.paused()).isTrue();
    assertThat(paused.size()).isEqualTo(3);
    assertThat(paused.updatedBy()).isEqualTo("admin");
    assertThat(heard).hasSize(2);
    assertThat(controls.get("email")).isEmpty();
  }

  @Test
  void decisions_kept_in_a_file_are_read_back_by_the_next_start() {
    Path file = dir.resolve("queues.json");
    new LocalQueueControls(InstantSource.system(), file)
        .update("crawl", new QueueControlUpdate(true, null, 2, 9), "admin");

    LocalQueueControls again = new LocalQueueControls(InstantSource.system(), file);

    QueueControl crawl = again.get("crawl").orElseThrow();
    assertThat(crawl.paused()).isTrue();
    assertThat(crawl.scaleMin()).isEqualTo(2);
    assertThat(crawl.scaleMax()).isEqualTo(9);
  }

  @Test
  void an_impossible_change_is_refused() {
    assertThatThrownBy(() -> new QueueControlUpdate(null, -1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QueueControlUpdate(null, null, 5, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QueueControlUpdate(null, 3, 1, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
