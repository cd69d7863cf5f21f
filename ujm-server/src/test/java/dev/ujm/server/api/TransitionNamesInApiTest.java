package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.Transition;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionNamesInApiTest {
  @Test
  void the_api_description_names_every_move_of_the_transition_table() throws Exception {
    JsonNode api;
    try (InputStream in = getClass().getResourceAsStream("/dev/ujm/server/openapi.json")) {
      api = Json.mapper().readTree(in);
    }
    List<String> described = new ArrayList<>();
    api.at("/components/schemas/JobEvent/properties/transition/enum")
        .forEach(name -> described.add(name.asText()));

    assertThat(described)
        .containsExactlyElementsOf(
            Arrays.stream(Transition.values()).map(Transition::wireName).toList());
  }
}
