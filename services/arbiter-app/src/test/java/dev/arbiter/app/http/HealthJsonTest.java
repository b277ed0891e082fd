package dev.arbiter.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthJsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharactersInDetails() {
        String json = HealthJson.render(HealthStatus.down("bad \"host\"\\path\nnext\u0001"));

        assertThat(json).isEqualTo("{\"status\":\"DOWN\",\"detail\":\"bad \\\"host\\\"\\\\path\\nnext\\u0001\"}");
    }

    @Test
    void nestsPartsUnderChecksInOrder() {
        HealthStatus status = new HealthStatus(true, "all", Map.of("a", HealthStatus.up("fine")));

        assertThat(HealthJson.render(status))
                .isEqualTo("{\"status\":\"UP\",\"detail\":\"all\",\"checks\":{\"a\":{\"status\":\"UP\",\"detail\":\"fine\"}}}");
    }
}
