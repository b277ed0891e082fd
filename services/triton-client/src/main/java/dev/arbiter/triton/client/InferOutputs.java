package dev.arbiter.triton.client;

import dev.arbiter.triton.tensor.TensorCodec;
import dev.arbiter.triton.proto.InferTensorContents;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelInferResponse.InferOutputTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Read access to the output tensors of one {@link ModelInferResponse}, whichever of the two
 * encodings the server chose: {@code raw_output_contents} (one entry per output, in output
 * order, {@link TensorCodec} layout) or the typed {@code contents} field of each output. Missing
 * outputs are reported as empty rather than as errors, because optional outputs (finish reason,
 * token counts) depend on the backend version.
 */
public final class InferOutputs {

    private final ModelInferResponse response;

    private InferOutputs(ModelInferResponse response) {
        this.response = response;
    }

    public static InferOutputs of(ModelInferResponse response) {
        return new InferOutputs(response);
    }

    /** The output's elements as UTF-8 strings, if the response carries that output. */
    public Optional<List<String>> strings(String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            InferOutputTensor tensor = response.getOutputs(i);
            if (!tensor.getName().equals(name)) {
                continue;
            }
            if (i < response.getRawOutputContentsCount()) {
                return Optional.of(TensorCodec.decodeStrings(response.getRawOutputContents(i)));
            }
            List<String> values = new ArrayList<>();
            tensor.getContents().getBytesContentsList().forEach(b -> values.add(b.toStringUtf8()));
            return Optional.of(values);
        }
        return Optional.empty();
    }

    /** The elements of an FP32 output, if the response carries it. */
    public Optional<float[]> floats(String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            InferOutputTensor tensor = response.getOutputs(i);
            if (!tensor.getName().equals(name)) {
                continue;
            }
            if (!tensor.getDatatype().equals("FP32")) {
                throw new IllegalArgumentException("output " + name + " is " + tensor.getDatatype() + ", not FP32");
            }
            if (i < response.getRawOutputContentsCount()) {
                return Optional.of(TensorCodec.decodeFloats(response.getRawOutputContents(i)));
            }
            List<Float> typed = tensor.getContents().getFp32ContentsList();
            float[] values = new float[typed.size()];
            for (int j = 0; j < values.length; j++) values[j] = typed.get(j);
            return Optional.of(values);
        }
        return Optional.empty();
    }

    /** The first element of an integer output, if present and non-empty. */
    public OptionalLong firstInteger(String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            InferOutputTensor tensor = response.getOutputs(i);
            if (!tensor.getName().equals(name)) {
                continue;
            }
            if (i < response.getRawOutputContentsCount()) {
                long[] values = TensorCodec.decodeIntegers(tensor.getDatatype(), response.getRawOutputContents(i));
                return values.length == 0 ? OptionalLong.empty() : OptionalLong.of(values[0]);
            }
            return firstTypedInteger(tensor.getContents());
        }
        return OptionalLong.empty();
    }

    private static OptionalLong firstTypedInteger(InferTensorContents contents) {
        if (contents.getIntContentsCount() > 0) return OptionalLong.of(contents.getIntContents(0));
        if (contents.getInt64ContentsCount() > 0) return OptionalLong.of(contents.getInt64Contents(0));
        if (contents.getUintContentsCount() > 0) return OptionalLong.of(Integer.toUnsignedLong(contents.getUintContents(0)));
        if (contents.getUint64ContentsCount() > 0) return OptionalLong.of(contents.getUint64Contents(0));
        return OptionalLong.empty();
    }
}
