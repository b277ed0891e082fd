package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.ConfigLoader;

import dev.arbiter.app.runtime.ArbiterService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks against the real judge server and broker. */
@ExtendWith(SharedInfrastructure.class)
class ServiceStartupTest {

    @Test
    void startupFailsFastWhenTheJudgeDoesNotServeTheConfiguredModel(SharedInfrastructure.Parts infra, @TempDir Path state) {
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create("startup", infra, judge.target(), state,
                    Map.of("arbiter.judge.model", "no-such-model"));
            assertThatThrownBy(() -> ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry()).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not serve model 'no-such-model'");
        }
    }

    @Test
    void anEmbeddedRunWithoutAStateDirectoryGetsAFreshOneAndRemovesItOnClose(SharedInfrastructure.Parts infra,
                                                                            @TempDir Path unused) throws Exception {
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create("embedded-state", infra, judge.target(), unused, Map.of());
            Map<String, String> settings = new HashMap<>(d.settings());
            settings.put("arbiter.mode", "embedded");
            settings.remove("arbiter.kafka.state-dir");
            ArbiterConfig config = ConfigLoader.isolated().load(Optional.empty(), settings);

            Set<Path> before = stateDirs();
            Set<Path> created;
            try (ArbiterService service = ArbiterService.start(config, d.endpoints(), new SimpleMeterRegistry())) {
                created = stateDirs();
                created.removeAll(before);
                assertThat(created).as("one fresh state directory for this run").hasSize(1);
            }
            assertThat(created.iterator().next()).as("removed with everything in it").doesNotExist();
        }
    }

    private static Set<Path> stateDirs() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("arbiter-state-")).collect(Collectors.toSet());
        }
    }
}
