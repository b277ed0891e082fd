package dev.arbiter.triton.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.JudgeProfiles;
import dev.arbiter.judge.scalar.ScalarModel;
import dev.arbiter.triton.proto.config.DataType;
import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.proto.config.ModelInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every {@code config.pbtxt} of the project's model repository, parsed with protobuf's text
 * format against Triton's schema, agrees with the judge profiles that name its model: one model
 * name for local and production runs, the transaction policy the client's call mode needs, and,
 * for scalar models, the tensor names, types and shapes the client sends and reads.
 */
class ModelRepositoryMatchesProfilesTest {

    private final ModelRepository repository = ModelRepository.load(Path.of("../../triton-models"));
    private final List<JudgeProfile> profiles = JudgeProfiles.BUNDLED.stream().map(JudgeProfiles.standard()::load).toList();

    @Test
    void everyProfileNamesARepositoryModelAndEveryModelIsNamedByAProfile() {
        assertThat(profiles).extracting(JudgeProfile::model).allSatisfy(m -> assertThat(repository.model(m)).as(m).isPresent());
        assertThat(repository.names()).allSatisfy(name -> assertThat(profiles).extracting(JudgeProfile::model).contains(name));
    }

    @Test
    void generativeProfilesNameDecoupledVllmModelsWhichTheClientCallsOnTheStream() {
        for (JudgeProfile p : profiles.stream().filter(p -> !p.isScalar()).toList()) {
            ModelConfig m = repository.model(p.model()).orElseThrow();
            assertThat(m.getBackend()).as(p.name()).isEqualTo("vllm");
            assertThat(ModelRepository.decoupled(m)).as(p.name()).isTrue();
            assertThat(m.getMaxBatchSize()).as("vLLM batches itself").isZero();
        }
    }

    @Test
    void scalarProfilesNameBatchingOnnxModelsWithTheTensorsTheClientSendsAndReads() {
        List<JudgeProfile> scalar = profiles.stream().filter(JudgeProfile::isScalar).toList();
        assertThat(scalar).isNotEmpty();
        for (JudgeProfile p : scalar) {
            ScalarModel s = p.scalar().orElseThrow();
            ModelConfig m = repository.model(p.model()).orElseThrow();
            assertThat(m.getBackend()).isEqualTo("onnxruntime");
            assertThat(ModelRepository.decoupled(m)).as("answered by unary ModelInfer").isFalse();
            assertThat(m.getMaxBatchSize()).isEqualTo(s.maxBatchRows());
            assertThat(m.hasDynamicBatching()).isTrue();
            Map<String, ModelInput> inputs = m.getInputList().stream().collect(Collectors.toMap(ModelInput::getName, i -> i));
            List<String> sent = new ArrayList<>(List.of(s.inputIds(), s.attentionMask()));
            s.tokenTypeIds().ifPresent(sent::add);
            assertThat(inputs.keySet()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(inputs.values()).allSatisfy(i -> {
                assertThat(i.getDataType()).isEqualTo(DataType.TYPE_INT64);
                assertThat(i.getDimsList()).containsExactly((long) s.sequenceLength());
            });
            assertThat(m.getOutputList()).singleElement().satisfies(o -> {
                assertThat(o.getName()).isEqualTo(s.output());
                assertThat(o.getDataType()).isEqualTo(DataType.TYPE_FP32);
                assertThat(o.getDimsList()).containsExactly((long) s.sequenceLength(), (long) s.hiddenSize());
            });
        }
    }
}
