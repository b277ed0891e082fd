package dev.arbiter.triton.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.triton.batching.DynamicBatcher;
import dev.arbiter.triton.proto.config.DataType;
import dev.arbiter.triton.proto.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @Test
    void theProjectsRepositoryParsesWithTritonsSchemaAndAgreesWithTheClassPathCopy() {
        ModelRepository onDisk = ModelRepository.load(Path.of("../../triton-models"));
        ModelRepository bundled = ModelRepository.bundled();
        assertThat(onDisk.names()).contains("auto-j-13b-gptq", "auto-j-13b", "mtbench-judge", "all-minilm-l6-v2-q");
        assertThat(bundled.models()).isEqualTo(onDisk.models());
        assertThat(onDisk.root()).isPresent();
        assertThat(bundled.root()).isEmpty();
    }

    @Test
    void theScalarModelIsABatchingOnnxModelWithFixedLengthTokenInputs() {
        ModelConfig minilm = ModelRepository.bundled().model("all-minilm-l6-v2-q").orElseThrow();
        assertThat(minilm.getBackend()).isEqualTo("onnxruntime");
        assertThat(ModelRepository.decoupled(minilm)).isFalse();
        assertThat(minilm.getInputList()).extracting(i -> i.getName() + ":" + i.getDataType() + ":" + i.getDimsList())
                .containsExactly("input_ids:TYPE_INT64:[128]", "attention_mask:TYPE_INT64:[128]", "token_type_ids:TYPE_INT64:[128]");
        assertThat(minilm.getOutput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
        assertThat(DynamicBatcher.Settings.of(minilm))
                .isEqualTo(new DynamicBatcher.Settings(32, List.of(16, 32), Duration.ofMillis(5), 1));
        assertThat(ModelRepository.decoupled(ModelRepository.bundled().model("auto-j-13b-gptq").orElseThrow())).isTrue();
    }

    @Test
    void aFileTritonWouldRejectIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m/config.pbtxt"), "name: \"m\"\nmax_batch_sise: 8\n");
        assertThatThrownBy(() -> ModelRepository.load(dir)).hasMessageContaining("config.pbtxt")
                .hasMessageContaining("max_batch_sise");
        Files.writeString(dir.resolve("m/config.pbtxt"), "name: \"other\"\n");
        assertThatThrownBy(() -> ModelRepository.load(dir)).hasMessageContaining("differs from its directory 'm'");
        Files.writeString(dir.resolve("m/config.pbtxt"), "backend: \"onnxruntime\"\n");
        assertThat(ModelRepository.load(dir).model("m").orElseThrow().getName()).as("named after its directory").isEqualTo("m");
    }
}
