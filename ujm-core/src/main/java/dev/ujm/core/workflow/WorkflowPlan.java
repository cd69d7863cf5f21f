package dev.ujm.core.workflow;

import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a workflow's shape before anything is stored and puts its steps in topological order: refs
 * present, unique and well formed; every {@code dependsOn} ref known; no cycle; a {@code runIf}
 * that names a parent names one of its own; a {@code runWhen} or {@code runIf} only on a step that
 * depends on something. Each refusal names the ref and the field ({@code jobs[3].ref}, {@code
 * jobs[3].dependsOn}). Stateless.
 */
public final class WorkflowPlan {
  /** Most steps in one workflow. */
  public static final int MAX_STEPS = 5_000;

  private static final String REF = "[A-Za-z0-9_.:-]{1,64}";

  private WorkflowPlan() {}

  /**
   * The steps in an order where every step comes after the steps it depends on (stable: among steps
   * that could go next, the one given first).
   *
   * @throws InvalidJobException naming the offending ref
   */
  public static List<WorkflowStep> of(List<WorkflowStep> steps) {
    if (steps.isEmpty()) {
      throw invalid("jobs", "a workflow needs at least one job");
    }
    if (steps.size() > MAX_STEPS) {
      throw invalid("jobs", "a workflow holds at most " + MAX_STEPS + " jobs, not " + steps.size());
    }
    Map<String, Integer> position = new LinkedHashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      WorkflowStep step = steps.get(i);
      String field = "jobs[" + i + "]";
      if (step.ref() == null || !step.ref().matches(REF)) {
        throw invalid(
            field + ".ref",
            field
                + ".ref must be 1 to 64 letters, digits, '_', '.', ':' or '-', not '"
                + step.ref()
                + "'");
      }
      if (position.putIfAbsent(step.ref(), i) != null) {
        throw invalid(field + ".ref", "ref '" + step.ref() + "' is used by two jobs");
      }
      if (!step.job().dependsOn().isEmpty()) {
        throw invalid(field + ".dependsOn", "jobs of a workflow depend on refs, not on job ids");
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      checkEdges(steps.get(i), "jobs[" + i + "]", position);
    }
    return sorted(steps, position);
  }

  private static void checkEdges(WorkflowStep step, String field, Map<String, Integer> position) {
    Set<String> parents = new HashSet<>();
    for (String parent : step.dependsOn()) {
      if (parent == null || !position.containsKey(parent)) {
        throw invalid(
            field + ".dependsOn",
            "job '" + step.ref() + "' depends on unknown ref '" + parent + "'");
      }
      if (parent.equals(step.ref())) {
        throw invalid(field + ".dependsOn", "job '" + step.ref() + "' depends on itself");
      }
      parents.add(parent);
    }
    DependencyRule rule = step.job().rule();
    if (rule != null && step.dependsOn().isEmpty()) {
      throw invalid(
          field + (rule.runIf() != null ? ".runIf" : ".runWhen"),
          "job '" + step.ref() + "' has runWhen or runIf but depends on nothing");
    }
    if (rule != null && rule.runIf() != null) {
      rule.runIf().checked(field + ".runIf");
      String named = rule.runIf().parent();
      if (named != null && !parents.contains(named)) {
        throw invalid(
            field + ".runIf.parent",
            "job '"
                + step.ref()
                + "' reads the result of '"
                + named
                + "', which it does not depend on");
      }
    }
  }

  private static List<WorkflowStep> sorted(
      List<WorkflowStep> steps, Map<String, Integer> position) {
    int n = steps.size();
    int[] waiting = new int[n];
    Map<String, List<Integer>> children = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Set<String> distinct = new HashSet<>(steps.get(i).dependsOn());
      waiting[i] = distinct.size();
      for (String parent : distinct) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(i);
      }
    }
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    List<WorkflowStep> order = new ArrayList<>(n);
    while (!ready.isEmpty()) {
      int next = ready.poll();
      order.add(steps.get(next));
      for (int child : children.getOrDefault(steps.get(next).ref(), List.of())) {
        if (--waiting[child] == 0) {
          ready.add(child);
        }
      }
    }
    if (order.size() < n) {
      int inCycle = stepInCycle(steps, position, waiting);
      throw invalid(
          "jobs[" + inCycle + "].dependsOn",
          "the workflow has a cycle through job '" + steps.get(inCycle).ref() + "'");
    }
    return order;
  }

  /**
   * Walks from a step left unsorted to a parent left unsorted until one repeats: it is on a cycle.
   */
  private static int stepInCycle(
      List<WorkflowStep> steps, Map<String, Integer> position, int[] waiting) {
    int at = 0;
    while (waiting[at] == 0) {
      at++;
    }
    Set<Integer> seen = new HashSet<>();
    while (seen.add(at)) {
      for (String parent : steps.get(at).dependsOn()) {
        int p = position.get(parent);
        if (waiting[p] > 0) {
          at = p;
          break;
        }
      }
    }
    return at;
  }

  private static InvalidJobException invalid(String field, String message) {
    return new InvalidJobException(Reason.INVALID_OPTION, field, message);
  }
}
