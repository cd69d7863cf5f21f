package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job type this node runs: its name, the JSON Schema of its payload (for forms that submit it),
 * and the timeout of jobs submitted without one (absent when none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobTypeView(String type, JsonNode payloadSchema, Long defaultTimeoutSeconds) {}
