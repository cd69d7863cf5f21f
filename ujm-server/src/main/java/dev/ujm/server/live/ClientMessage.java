package dev.ujm.server.live;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A message a WebSocket client sends: {@code {"action":"auth","apiKey":"…"}}, {@code
 * {"action":"subscribe","scope":"own"|"all"}}, {@code {"action":"subscribe","jobIds":[…]}}, the
 * same with {@code unsubscribe}, or {@code {"action":"ping"}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClientMessage(String action, String apiKey, String scope, List<String> jobIds) {}
