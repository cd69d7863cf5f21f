package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query the store runs on a hot path finds its rows through an index, never by scanning a
 * whole table.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QueryPlanTest {
  @TempDir Path dir;
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("ujm.db"), ManualClock.startingAt2026());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void claiming_seeks_the_tenants_by_pass_their_next_jobs_in_priority_order_and_the_chosen_by_id() {
    assertThat(plan(FairShares.TURNS))
        .anyMatch(line -> line.contains("fair_shares_turns"))
        .anyMatch(line -> line.contains("sqlite_autoindex_tenants_1 (id=?)"))
        .anyMatch(
            line -> line.contains("COVERING INDEX jobs_claim_by_tenant (queue=? AND tenant_id=?)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(FairShares.NEXT_JOBS))
        .anyMatch(
            line -> line.contains("COVERING INDEX jobs_claim_by_tenant (queue=? AND tenant_id=?"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(FairShares.CLAIM_CHOSEN))
        .anyMatch(line -> line.matches("SEARCH jobs USING .*INDEX .*id=\\?\\)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(FairShares.CLAIM_ONE))
        .anyMatch(line -> line.matches("SEARCH jobs USING .*INDEX .*id=\\?\\)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(FairShares.RUNNING))
        .anyMatch(line -> line.contains("jobs_running (tenant_id=?)"))
        .noneMatch(QueryPlanTest::isScan);
    assertThat(plan(FairShares.CHARGE))
        .anyMatch(line -> line.contains("PRIMARY KEY (queue=? AND tenant=?)"))
        .noneMatch(QueryPlanTest::isScan);
  }

  @Test
  void usage_is_read_and_added_to_by_its_primary_key() {
    assertThat(plan(UsageRows.USAGE))
        .anyMatch(line -> line.contains("PRIMARY KEY (tenant=? AND day>? AND day<?)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(UsageRows.ADD_RESULT_BYTES)).noneMatch(QueryPlanTest::isScan);
    assertThat(plan(UsageRows.ADD)).noneMatch(QueryPlanTest::isScan);
  }

  @Test
  void job_metrics_are_read_trimmed_and_added_to_by_their_primary_key() {
    assertThat(plan(MetricsRows.SERIES))
        .anyMatch(line -> line.contains("PRIMARY KEY (step=? AND bucket>? AND bucket<?)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(MetricsRows.TRIM)).noneMatch(QueryPlanTest::isScan);
    assertThat(plan(MetricsRows.ADD)).noneMatch(QueryPlanTest::isScan);
  }

  @Test
  void the_writer_keeping_the_turns_seeks_them_by_queue_and_pass() {
    assertThat(plan(GroupShares.ENTER))
        .anyMatch(line -> line.contains("fair_shares_turns (queue=?)"))
        .anyMatch(line -> line.contains("fair_shares_by_pass (queue=?)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(GroupShares.LEAVE))
        .anyMatch(line -> line.contains("PRIMARY KEY (queue=? AND tenant=?)"))
        .noneMatch(QueryPlanTest::isScan);
  }

  @Test
  void the_duties_find_due_expired_held_and_finished_jobs_by_partial_indexes() {
    assertThat(plan(DutyWrites.PROMOTE))
        .anyMatch(line -> line.contains("jobs_due"))
        .noneMatch(QueryPlanTest::isScan);
    assertThat(plan(DutyWrites.EXPIRED))
        .anyMatch(line -> line.contains("jobs_running"))
        .noneMatch(QueryPlanTest::isScan);
    assertThat(plan(DutyWrites.HELD_BY))
        .anyMatch(line -> line.contains("jobs_running"))
        .noneMatch(QueryPlanTest::isScan);
    assertThat(plan(DutyWrites.PURGEABLE))
        .anyMatch(line -> line.contains("jobs_finished"))
        .noneMatch(QueryPlanTest::isScan);
  }

  @Test
  void a_purge_step_reaches_each_tables_rows_of_the_step_by_index_not_by_scan() {
    // The one sort allowed: a job's few events, in order, for its kept trail (in memory).
    assertThat(plan(PurgedTrails.KEEP))
        .anyMatch(line -> line.contains("job_events_by_job"))
        .noneMatch(QueryPlanTest::isScan)
        .filteredOn(line -> line.contains("TEMP B-TREE"))
        .allMatch(line -> line.contains("json_group_array"));
    for (String delete : DutyWrites.PURGE) {
      assertThat(plan(delete)).as(delete).noneMatch(QueryPlanTest::isScan);
    }
    assertThat(plan(DutyWrites.PURGE_JOBS)).noneMatch(QueryPlanTest::isScan);
    assertThat(plan(PurgedTrails.DELETE_DUE))
        .anyMatch(line -> line.contains("purged_jobs_finished"))
        .noneMatch(QueryPlanTest::isScan);
  }

  @Test
  void an_idempotency_key_is_looked_up_by_its_unique_index() {
    assertThat(plan(SubmitWrites.BY_KEY)).anyMatch(line -> line.contains("jobs_idempotency"));
  }

  @Test
  void dependents_are_found_through_the_dependency_table() {
    assertThat(plan(Dependents.RELEASE_READY)).noneMatch(QueryPlanTest::isScan);
    assertThat(plan(Dependents.CANCEL_WAITING)).noneMatch(QueryPlanTest::isScan);
  }

  @Test
  void history_and_result_items_are_read_by_job() {
    assertThat(plan(JobReads.HISTORY))
        .anyMatch(line -> line.contains("job_events_by_job"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(JobReads.RESULTS))
        .anyMatch(line -> line.contains("job_results_by_job"))
        .noneMatch(QueryPlanTest::isSortOrScan);
  }

  @Test
  void searches_by_tenant_owner_state_type_or_queue_walk_an_index_newest_first() {
    String select = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE 1 = 1";
    String page = " AND id < ? ORDER BY id DESC LIMIT ?";
    assertThat(plan(select + " AND tenant_id = ?" + page))
        .anyMatch(line -> line.contains("jobs_by_tenant"));
    assertThat(plan(select + " AND owner_id = ?" + page))
        .anyMatch(line -> line.contains("jobs_by_owner"));
    assertThat(plan(select + " AND state IN (?)" + page))
        .anyMatch(line -> line.contains("jobs_by_state"));
    assertThat(plan(select + " AND type = ?" + page))
        .anyMatch(line -> line.contains("jobs_by_type"));
    assertThat(plan(select + " AND queue = ?" + page))
        .anyMatch(line -> line.contains("jobs_by_queue (queue=? AND id<?)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
    assertThat(plan(select + " AND state IN (?) AND queue = ?" + page))
        .anyMatch(line -> line.matches("SEARCH jobs USING INDEX jobs_by_(state|queue) .*id<\\?\\)"))
        .noneMatch(QueryPlanTest::isSortOrScan);
  }

  @Test
  void a_claim_or_a_completion_rewrites_only_the_state_listing_and_the_partial_indexes() {
    List<String> overState =
        store
            .writer()
            .execute(
                tx -> {
                  List<String> names = new ArrayList<>();
                  try (ResultSet rows =
                      tx.prepare(
                              "SELECT DISTINCT m.name FROM sqlite_master m,"
                                  + " pragma_index_info(m.name) i WHERE m.type = 'index'"
                                  + " AND m.tbl_name = 'jobs' AND m.sql NOT LIKE '% WHERE %'"
                                  + " AND i.name IN ('state', 'worker_id', 'lease_until',"
                                  + " 'attempt', 'started_at', 'finished_at', 'updated_at',"
                                  + " 'result', 'attempt_started_at')")
                          .executeQuery()) {
                    while (rows.next()) {
                      names.add(rows.getString(1));
                    }
                  }
                  return names;
                });

    assertThat(overState).containsExactly("jobs_by_state");
  }

  @Test
  void a_tenants_workflows_are_listed_newest_first_through_their_index() {
    assertThat(plan(WorkflowReads.PAGE_OF_TENANT))
        .anyMatch(line -> line.contains("workflows_by_tenant"))
        .noneMatch(QueryPlanTest::isSortOrScan);
  }

  @Test
  void stats_count_from_the_counts_table_and_read_the_oldest_queued_from_an_index() {
    assertThat(plan(StatsReads.COUNTS)).noneMatch(line -> line.contains("jobs "));
    assertThat(plan(StatsReads.TENANT_COUNTS))
        .singleElement()
        .asString()
        .contains("SEARCH job_counts USING PRIMARY KEY (tenant=?)");
    assertThat(plan(StatsReads.OLDEST_QUEUED))
        .anyMatch(line -> line.contains("COVERING INDEX jobs_claim_by_tenant"));
  }

  private static boolean isScan(String line) {
    return line.matches("SCAN \\w+") || line.matches("SCAN \\w+ USING (?!.*INDEX).*");
  }

  private static boolean isSortOrScan(String line) {
    return isScan(line) || line.contains("USE TEMP B-TREE");
  }

  private List<String> plan(String sql) {
    return store
        .writer()
        .execute(
            tx -> {
              PreparedStatement explain = tx.prepare("EXPLAIN QUERY PLAN " + sql);
              List<String> lines = new ArrayList<>();
              try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                  lines.add(rows.getString(4));
                }
              }
              return lines;
            });
  }
}
