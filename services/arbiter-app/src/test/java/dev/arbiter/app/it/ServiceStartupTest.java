package dev.arbiter.app.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.app.runtime.ArbiterService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
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
}
