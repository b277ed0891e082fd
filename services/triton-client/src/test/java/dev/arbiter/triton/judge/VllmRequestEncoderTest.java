package dev.arbiter.triton.judge;

import dev.arbiter.triton.tensor.TensorCodec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.triton.proto.ModelInferRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VllmRequestEncoderTest {

    private final ObjectMapper json = new ObjectMapper();
    private final GenerationRequest request = new GenerationRequest("req-1", "autoj", "[INST] judge this [/INST]",
            SamplingParameters.greedy(256).withSeed(7), Duration.ofSeconds(5));

    @Test
    void encodesTheVllmBackendTensorsAsRawContentsInInputOrder() throws Exception {
        ModelInferRequest encoded = new VllmRequestEncoder(json, TritonJudgeConfig.defaults()).encode(request);

        assertThat(encoded.getModelName()).isEqualTo("autoj");
        assertThat(encoded.getId()).isEqualTo("req-1");
        assertThat(encoded.getRawInputContentsCount()).isEqualTo(encoded.getInputsCount());
        Map<String, Object> byName = decodeInputs(encoded);
        assertThat(byName).containsOnlyKeys("text_input", "stream", "sampling_parameters", "exclude_input_in_output",
                "return_finish_reason", "return_num_input_tokens", "return_num_output_tokens");
        assertThat(byName.get("text_input")).isEqualTo("[INST] judge this [/INST]");
        assertThat(byName.get("stream")).isEqualTo(false);
        assertThat(byName.get("exclude_input_in_output")).isEqualTo(true);
        assertThat(json.readTree((String) byName.get("sampling_parameters")).get("max_tokens").asInt()).isEqualTo(256);
        assertThat(json.readTree((String) byName.get("sampling_parameters")).get("seed").asLong()).isEqualTo(7);
        encoded.getInputsList().forEach(input -> assertThat(input.getShapeList()).containsExactly(1L));
    }

    @Test
    void additionalOutputFlagsCanBeLeftOutForOlderBackends() {
        ModelInferRequest encoded = new VllmRequestEncoder(json, TritonJudgeConfig.defaults().withAdditionalOutputs(false))
                .encode(request);

        assertThat(decodeInputs(encoded)).containsOnlyKeys("text_input", "stream", "sampling_parameters",
                "exclude_input_in_output");
    }

    private static Map<String, Object> decodeInputs(ModelInferRequest encoded) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < encoded.getInputsCount(); i++) {
            var input = encoded.getInputs(i);
            var raw = encoded.getRawInputContents(i);
            byName.put(input.getName(), switch (input.getDatatype()) {
                case "BYTES" -> TensorCodec.decodeStrings(raw).get(0);
                case "BOOL" -> TensorCodec.decodeBools(raw)[0];
                default -> throw new AssertionError("unexpected datatype " + input.getDatatype());
            });
        }
        return byName;
    }
}
