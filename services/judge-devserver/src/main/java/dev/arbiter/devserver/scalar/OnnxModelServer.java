package dev.arbiter.devserver.scalar;

import com.google.protobuf.ByteString;
import dev.arbiter.triton.batching.DynamicBatcher;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.config.DataType;
import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.proto.config.ModelInput;
import dev.arbiter.triton.proto.config.ModelOutput;
import dev.arbiter.triton.tensor.TensorCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one batching ONNX model as Triton's ONNX Runtime backend does: a unary
 * {@code ModelInfer} request is checked against the model's configuration (every input present,
 * of its configured type, shaped {@code [rows, dims...]} with 1 to {@code max_batch_size} rows),
 * queued in the model's {@link DynamicBatcher} (its {@code dynamic_batching} and instance
 * settings), merged with whatever else is waiting, and answered with its own rows of the one
 * ONNX Runtime execution. Inputs must be INT64 and the single output FP32: what token-input
 * encoders need, and all this development server implements.
 */
public final class OnnxModelServer implements AutoCloseable {

    /** One row of the batch dimension: the values of each configured input, in configuration order. */
    private record Row(long[][] inputs) {}

    private final ModelConfig config;
    private final OnnxModel model;
    private final int rowLength;
    private final ModelOutput output;
    private final int outputRowSize;
    private final DynamicBatcher<Row, float[]> batcher;

    public OnnxModelServer(ModelConfig config, OnnxModel model) {
        this.config = config;
        this.model = model;
        if (config.getInputCount() == 0 || config.getOutputCount() != 1) {
            throw new IllegalArgumentException("model " + config.getName() + ": needs inputs and exactly one output");
        }
        int length = -1;
        for (ModelInput in : config.getInputList()) {
            if (in.getDataType() != DataType.TYPE_INT64 || in.getDimsCount() != 1 || in.getDims(0) < 1) {
                throw new IllegalArgumentException("model " + config.getName() + ": input " + in.getName()
                        + " must be TYPE_INT64 with one fixed dimension here");
            }
            if (length >= 0 && in.getDims(0) != length) {
                throw new IllegalArgumentException("model " + config.getName() + ": inputs of different lengths");
            }
            length = (int) in.getDims(0);
        }
        this.rowLength = length;
        this.output = config.getOutput(0);
        if (output.getDataType() != DataType.TYPE_FP32 || output.getDimsList().stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("model " + config.getName() + ": the output must be TYPE_FP32 with fixed dims");
        }
        this.outputRowSize = (int) output.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
        this.batcher = DynamicBatcher.synchronous(DynamicBatcher.Settings.of(config), this::execute,
                "devserver-batcher-" + config.getName());
    }

    /** Answers one request, or fails it with an IllegalArgumentException whose message is Triton-like. */
    public CompletableFuture<ModelInferResponse> infer(ModelInferRequest request) {
        List<Row> rows;
        try {
            rows = rows(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return batcher.submit(rows).thenApply(results -> {
            float[] flat = new float[results.size() * outputRowSize];
            for (int r = 0; r < results.size(); r++) System.arraycopy(results.get(r), 0, flat, r * outputRowSize, outputRowSize);
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.getName()).setDatatype("FP32").addShape(results.size());
            output.getDimsList().forEach(tensor::addShape);
            return ModelInferResponse.newBuilder().setModelName(config.getName()).setModelVersion("1").setId(request.getId())
                    .addOutputs(tensor).addRawOutputContents(TensorCodec.encodeFloats(flat)).build();
        });
    }

    private List<Row> rows(ModelInferRequest request) {
        String where = "[request id: " + request.getId() + "] ";
        if (request.getRawInputContentsCount() != request.getInputsCount()) {
            throw new IllegalArgumentException(where + "expected raw_input_contents for each of the "
                    + request.getInputsCount() + " inputs of model '" + config.getName() + "'");
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < request.getInputsCount(); i++) position.put(request.getInputs(i).getName(), i);
        Map<String, long[]> values = new LinkedHashMap<>();
        int rows = -1;
        for (ModelInput in : config.getInputList()) {
            Integer at = position.remove(in.getName());
            if (at == null) throw new IllegalArgumentException(where + "expected input '" + in.getName() + "' for model '"
                    + config.getName() + "'");
            ModelInferRequest.InferInputTensor tensor = request.getInputs(at);
            if (!tensor.getDatatype().equals("INT64")) {
                throw new IllegalArgumentException(where + "inference input '" + in.getName() + "' data-type is '"
                        + tensor.getDatatype() + "', but model '" + config.getName() + "' expects 'INT64'");
            }
            if (tensor.getShapeCount() != 2 || tensor.getShape(1) != rowLength || tensor.getShape(0) < 1
                    || tensor.getShape(0) > config.getMaxBatchSize()) {
                throw new IllegalArgumentException(where + "unexpected shape for input '" + in.getName() + "' for model '"
                        + config.getName() + "'. Expected [-1," + rowLength + "] with at most " + config.getMaxBatchSize()
                        + " rows, got " + tensor.getShapeList());
            }
            if (rows >= 0 && tensor.getShape(0) != rows) {
                throw new IllegalArgumentException(where + "inputs of model '" + config.getName() + "' have different batch sizes");
            }
            rows = (int) tensor.getShape(0);
            ByteString raw = request.getRawInputContents(at);
            if (raw.size() != rows * rowLength * Long.BYTES) {
                throw new IllegalArgumentException(where + "input '" + in.getName() + "' has " + raw.size()
                        + " bytes of contents, expected " + rows * rowLength * Long.BYTES);
            }
            values.put(in.getName(), TensorCodec.decodeIntegers("INT64", raw));
        }
        if (!position.isEmpty()) {
            throw new IllegalArgumentException(where + "unexpected inference input " + position.keySet() + " for model '"
                    + config.getName() + "'");
        }
        List<Row> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            long[][] row = new long[values.size()][];
            int i = 0;
            for (long[] v : values.values()) {
                row[i++] = java.util.Arrays.copyOfRange(v, r * rowLength, (r + 1) * rowLength);
            }
            out.add(new Row(row));
        }
        return out;
    }

    /** One ONNX Runtime execution for a merged batch. */
    private List<float[]> execute(List<Row> batch) {
        Map<String, long[]> inputs = new LinkedHashMap<>();
        for (int i = 0; i < config.getInputCount(); i++) {
            long[] stacked = new long[batch.size() * rowLength];
            for (int r = 0; r < batch.size(); r++) System.arraycopy(batch.get(r).inputs()[i], 0, stacked, r * rowLength, rowLength);
            inputs.put(config.getInput(i).getName(), stacked);
        }
        float[] flat = model.run(inputs, batch.size(), rowLength, output.getName());
        List<float[]> results = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            results.add(java.util.Arrays.copyOfRange(flat, r * outputRowSize, (r + 1) * outputRowSize));
        }
        return results;
    }

    public DynamicBatcher.Stats stats() {
        return batcher.stats();
    }

    @Override
    public void close() {
        batcher.close();
        model.close();
    }
}
