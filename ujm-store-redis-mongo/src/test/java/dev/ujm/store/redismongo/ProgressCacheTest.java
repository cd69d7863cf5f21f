package dev.ujm.store.redismongo;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.ClaimRequest;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Progress goes to the Redis status cache at once and to MongoDB at most every few seconds; reads
 * of a running job take the newer progress from the cache, and the final move writes the last one.
 */
class ProgressCacheTest extends StoreOnTestServers {
  private Job job;

  @BeforeEach
  void claimOne() {
    store.submit(aJob().build());
    job = store.claim(ClaimRequest.of("noop", "w1", 1, LEASE)).getFirst();
  }

  @Test
  void a_report_reaches_redis_at_once_and_mongodb_at_most_every_few_seconds() {
    store.progress(job.lease(), Progress.of(1, 10, "first"));
    clock.advance(Duration.ofSeconds(1));
    store.progress(job.lease(), Progress.of(2, 10, "second"));

    assertThat(inMongo().progress().message()).isEqualTo("first");
    assertThat(store.get(job.id()).orElseThrow().progress().message()).isEqualTo("second");

    clock.advance(RedisStatusCache.MONGO_EVERY);
    store.progress(job.lease(), Progress.of(3, 10, "third"));
    assertThat(inMongo().progress().message()).isEqualTo("third");
  }

  @Test
  void another_node_reads_the_running_progress_from_the_cache() {
    store.progress(job.lease(), Progress.of(1, 10, "first"));
    clock.advance(Duration.ofSeconds(1));
    store.progress(job.lease(), Progress.of(5, 10, "half"));

    try (RedisMongoJobStore other =
        RedisMongoJobStore.open(MONGO.uri(), database, REDIS.uri(), clock)) {
      assertThat(other.get(job.id()).orElseThrow().progress())
          .isEqualTo(Progress.of(5, 10, "half"));
    }
  }

  @Test
  void the_final_move_writes_the_last_report_and_drops_the_status() {
    store.progress(job.lease(), Progress.of(1, 10, "first"));
    clock.advance(Duration.ofSeconds(1));
    store.progress(job.lease(), Progress.of(10, 10, "all"));

    store.complete(job.lease(), null);

    assertThat(inMongo().progress()).isEqualTo(Progress.of(10, 10, "all"));
    assertThat(store.redis().sync().exists(store.redis().key("status:" + job.id()))).isZero();
  }

  @Test
  void with_redis_down_every_report_goes_to_mongodb() {
    store.progress(job.lease(), Progress.of(1, 10, "first"));
    REDIS.stop();
    clock.advance(Duration.ofSeconds(1));

    store.progress(job.lease(), Progress.of(2, 10, "second"));

    assertThat(inMongo().progress().message()).isEqualTo("second");
  }

  private Job inMongo() {
    Document doc =
        store
            .mongo()
            .collection(MongoBackend.JOBS)
            .find(new Document(JobDocuments.ID, job.id()))
            .first();
    return JobDocuments.job(doc);
  }
}
