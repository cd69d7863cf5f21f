package dev.ujm.store.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ujm.core.model.Json;
import dev.ujm.core.store.Page;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowQuery;
import dev.ujm.core.workflow.WorkflowRole;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a workflow and its nodes, or a page of workflows, on a read connection or inside a write
 * task. Stateless.
 */
final class WorkflowReads {
  static final String WORKFLOW =
      "SELECT id, name, tenant_id, owner_id, created_at FROM workflows WHERE id = ?";
  static final String NODES =
      "SELECT ref, job_id, role, depends_on FROM workflow_jobs WHERE workflow_id = ? ORDER BY position";
  private static final String NARROWED =
      " (? IS NULL OR owner_id = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?";

  /**
   * One tenant's workflows, newest first (ids are time-ordered), through {@code
   * workflows_by_tenant}; the owner and cursor narrow it further.
   */
  static final String PAGE_OF_TENANT =
      "SELECT id FROM workflows WHERE tenant_id = ? AND" + NARROWED;

  /** Every tenant's workflows, newest first, by the primary key. */
  static final String PAGE_OF_ALL = "SELECT id FROM workflows WHERE" + NARROWED;

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** Prepares a cached statement on whichever connection reads. */
  @FunctionalInterface
  interface Statements {
    PreparedStatement prepare(String sql) throws SQLException;
  }

  private WorkflowReads() {}

  /** The workflow, or null. */
  static Workflow get(Statements db, String workflowId) throws SQLException {
    String name;
    String tenant;
    String owner;
    Instant created;
    try (ResultSet row = StatementCache.bind(db.prepare(WORKFLOW), workflowId).executeQuery()) {
      if (!row.next()) {
        return null;
      }
      name = row.getString(2);
      tenant = row.getString(3);
      owner = row.getString(4);
      created = Instant.ofEpochMilli(row.getLong(5));
    }
    List<Workflow.Node> nodes = new ArrayList<>();
    try (ResultSet rows = StatementCache.bind(db.prepare(NODES), workflowId).executeQuery()) {
      while (rows.next()) {
        String dependsOn = rows.getString(4);
        try {
          nodes.add(
              new Workflow.Node(
                  rows.getString(1),
                  rows.getString(2),
                  WorkflowRole.parse(rows.getString(3)),
                  dependsOn == null ? List.of() : Json.mapper().readValue(dependsOn, STRINGS)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new SqliteStoreException("stored workflow " + workflowId + " is unreadable", e);
        }
      }
    }
    return new Workflow(workflowId, name, tenant, owner, created, nodes);
  }

  /** One page of the query's workflows, newest first. */
  static Page<Workflow> find(Statements db, WorkflowQuery query) throws SQLException {
    List<String> ids = new ArrayList<>();
    Object[] narrowing = {
      query.ownerId(), query.ownerId(), query.cursor(), query.cursor(), query.limit() + 1
    };
    PreparedStatement select =
        query.tenantId() == null
            ? StatementCache.bind(db.prepare(PAGE_OF_ALL), narrowing)
            : StatementCache.bindAt(
                StatementCache.bind(db.prepare(PAGE_OF_TENANT), query.tenantId()), 1, narrowing);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    boolean more = ids.size() > query.limit();
    List<Workflow> page = new ArrayList<>();
    for (String id : more ? ids.subList(0, query.limit()) : ids) {
      page.add(get(db, id));
    }
    return new Page<>(page, more ? page.get(page.size() - 1).id() : null);
  }
}
