package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code runIf}: a JSON Pointer into a parent's result compared with a value, {@code {"pointer":
 * "/pages", "op": ">", "value": 0}}.
 *
 * @param op {@code ==}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=} or {@code exists}
 * @param parent the parent whose result is read (a ref in a workflow, a job id in {@code dependsOn}
 *     otherwise); absent: every completed parent, all must hold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConditionView(String pointer, String op, JsonNode value, String parent) {}
