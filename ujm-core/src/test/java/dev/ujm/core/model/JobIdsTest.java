package dev.ujm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobIdsTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final JobIds ids = new JobIds(clock);

  private List<String> next(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(ids.next());
    }
    return out;
  }

  @Test
  void ids_are_version_7_uuids_of_the_rfc_variant() {
    UUID id = UUID.fromString(ids.next());

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void an_id_carries_the_clocks_millisecond() {
    UUID id = UUID.fromString(ids.next());

    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.get().toEpochMilli());
  }

  @Test
  void ids_made_within_one_millisecond_strictly_increase_even_past_the_counter() {
    List<String> made = next(10_000);

    assertThat(made).doesNotHaveDuplicates();
    for (int i = 1; i < made.size(); i++) {
      assertThat(made.get(i)).isGreaterThan(made.get(i - 1));
    }
  }

  @Test
  void ids_strictly_increase_as_time_moves_on() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      made.add(ids.next());
      now.set(now.get().plus(Duration.ofMillis(i % 3)));
    }

    for (int i = 1; i < made.size(); i++) {
      assertThat(made.get(i)).isGreaterThan(made.get(i - 1));
    }
  }

  @Test
  void ids_keep_increasing_when_the_clock_steps_back() {
    String before = ids.next();
    now.set(now.get().minus(Duration.ofMinutes(5)));

    assertThat(ids.next()).isGreaterThan(before);
  }

  @Test
  void string_order_is_creation_order_across_generators() {
    String earlier = new JobIds(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"))).next();
    String later =
        new JobIds(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00.001Z"))).next();

    assertThat(later).isGreaterThan(earlier);
  }
}
