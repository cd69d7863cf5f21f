package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.StoreStats;
import dev.ujm.test.ManualClock;
import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code stats()} reads the counts kept in {@code job_counts} beside every write, not a count of
 * the jobs; a database stored before the counts existed is counted once when a node opens it.
 */
class JobCountsTest {
  @RegisterExtension static final RedisServer REDIS = RedisServer.ephemeral();
  @RegisterExtension static final MongoFixture MONGO = MongoFixture.inProcess();

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final ManualClock clock = ManualClock.startingAt2026();
  private final String database = MONGO.freshDatabase();
  private RedisMongoJobStore store;

  @BeforeEach
  void open() {
    store = RedisMongoJobStore.open(MONGO.uri(), database, REDIS.uri(), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void the_counts_follow_every_move_and_are_read_without_the_jobs() {
    store.submitAll(IntStream.range(0, 5).mapToObj(i -> aJob().build()).toList());
    List<Job> claimed = store.claim(ClaimRequest.of("noop", "w1", 2, LEASE));
    store.complete(claimed.get(0).lease(), null);

    Map<JobState, Long> expected =
        Map.of(JobState.QUEUED, 3L, JobState.PROCESSING, 1L, JobState.COMPLETED, 1L);
    assertThat(store.stats().totals()).isEqualTo(expected);

    // the job documents gone behind the store's back: the counts still say what the writes did
    store.mongo().collection(MongoBackend.JOBS).deleteMany(new Document());
    assertThat(store.stats().totals()).containsAllEntriesOf(Map.of(JobState.PROCESSING, 1L));
  }

  @Test
  void a_database_without_counts_is_counted_once_when_a_node_opens_it() {
    store.submitAll(IntStream.range(0, 4).mapToObj(i -> aJob().build()).toList());
    store.claim(ClaimRequest.of("noop", "w1", 1, LEASE));
    StoreStats before = store.stats();
    // as an earlier version left it: jobs, no counts
    store.mongo().collection(MongoBackend.JOB_COUNTS).deleteMany(new Document());
    store.mongo().collection(MongoBackend.COUNTERS).deleteMany(new Document("_id", "job_counts"));
    store.close();

    store = RedisMongoJobStore.open(MONGO.uri(), database, REDIS.uri(), clock);
    try (RedisMongoJobStore second =
        RedisMongoJobStore.open(MONGO.uri(), database, REDIS.uri(), clock)) {
      assertThat(second.stats()).isEqualTo(before); // counted by the first, not again
    }
    assertThat(store.stats().totals())
        .isEqualTo(Map.of(JobState.QUEUED, 3L, JobState.PROCESSING, 1L));
  }
}
