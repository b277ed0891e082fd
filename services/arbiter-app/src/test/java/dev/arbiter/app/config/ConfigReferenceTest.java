package dev.arbiter.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The key table committed in docs/configuration.md is the one the settings' definitions generate. */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("../../docs/configuration.md");

    @Test
    void theCommittedKeyTableIsTheGeneratedOneRunArbiterConfigDocsWhenThisFails() throws IOException {
        String committed = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(committed).as("docs/configuration.md is stale: run ./arbiter config-docs")
                .isEqualTo(ConfigReference.rewrite(committed));
    }

    @Test
    void theTableListsEveryKeyWithItsDefaultAndEnvironmentVariable() {
        String table = ConfigReference.table(ArbiterSettings.ALL);
        assertThat(ArbiterSettings.ALL).allSatisfy(s -> assertThat(table).contains("| `" + s.key() + "` | ")
                .contains("`" + s.environmentName() + "`"));
        assertThat(table).contains("| `arbiter.judge.max-in-flight` | `64` | `ARBITER_JUDGE_MAX_IN_FLIGHT` |")
                .contains("| `arbiter.kafka.bootstrap-servers` | — (required in external) |")
                .contains("| **In-flight pipeline** | | | |");
    }
}
