package dev.arbiter.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchArgumentsTest {

    @Test
    void separatesConfigFileAndOverridesFromOtherArguments() {
        LaunchArguments args = LaunchArguments.parse(
                "demo", "--config", "/etc/arbiter.properties", "-Darbiter.judge.max-in-flight=8", "--verbose",
                "-Darbiter.kafka.client.sasl.jaas.config=a=b;");

        assertThat(args.configFile()).contains(Path.of("/etc/arbiter.properties"));
        assertThat(args.overrides()).containsExactly(
                Map.entry("arbiter.judge.max-in-flight", "8"),
                Map.entry("arbiter.kafka.client.sasl.jaas.config", "a=b;"));
        assertThat(args.remaining()).isEqualTo(List.of("demo", "--verbose"));
    }

    @Test
    void acceptsConfigWithEqualsSign() {
        assertThat(LaunchArguments.parse("--config=x.properties").configFile()).contains(Path.of("x.properties"));
    }

    @Test
    void rejectsMalformedArguments() {
        assertThatThrownBy(() -> LaunchArguments.parse("--config")).hasMessage("--config needs a file argument");
        assertThatThrownBy(() -> LaunchArguments.parse("--config=a", "--config=b")).hasMessage("--config given twice");
        assertThatThrownBy(() -> LaunchArguments.parse("-Dfoo")).hasMessage("expected -Dkey=value, got '-Dfoo'");
    }
}
