package dev.arbiter.registry.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure paths of the process harness; the happy path is exercised by every registry-backed test. */
class ApicurioRegistryProcessTest {

    @Test
    void aProcessThatDiesBeforeReadinessFailsWithItsOutputTail(@TempDir Path dir) throws IOException {
        Path notAJar = Files.writeString(dir.resolve("broken-runner.jar"), "this is not a jar");
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(notAJar, Duration.ofSeconds(30), List.of());

        assertThatThrownBy(registry::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("jarfile");
        assertThat(registry.isReady()).isFalse();
    }

    @Test
    void theRunnerJarLocationMustBeSetAndExist(@TempDir Path dir) {
        Properties none = new Properties();
        Properties missing = new Properties();
        missing.setProperty(ApicurioRunnerJar.PROPERTY, dir.resolve("absent.jar").toString());

        assertThatThrownBy(() -> ApicurioRunnerJar.fromProperties(none)).hasMessageContaining(ApicurioRunnerJar.PROPERTY);
        assertThatThrownBy(() -> ApicurioRunnerJar.fromProperties(missing)).hasMessageContaining("does not exist");
    }

    @Test
    void stopWithoutStartIsHarmless(@TempDir Path dir) {
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(dir.resolve("never-started.jar"));

        registry.stop();

        assertThat(registry.isReady()).isFalse();
        assertThatThrownBy(registry::ccompatUrl).isInstanceOf(IllegalStateException.class);
    }
}
