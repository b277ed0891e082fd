package dev.arbiter.devserver.grpc;

import com.google.protobuf.ByteString;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the tensors of Triton's vLLM backend interface. Inputs may arrive in
 * {@code raw_input_contents} (BYTES elements as 4-byte little-endian length + bytes, BOOL as one
 * byte each) or in typed {@code contents}; outputs are written raw, as Triton does.
 */
final class VllmTensors {

    private final Map<String, ByteString> raw = new HashMap<>();
    private final Map<String, ModelInferRequest.InferInputTensor> typed = new HashMap<>();

    private VllmTensors() {}

    static VllmTensors of(ModelInferRequest request) {
        VllmTensors t = new VllmTensors();
        boolean useRaw = request.getRawInputContentsCount() > 0;
        if (useRaw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw new IllegalArgumentException("expected " + request.getInputsCount() + " raw input contents, got "
                    + request.getRawInputContentsCount());
        }
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            if (useRaw) t.raw.put(input.getName(), request.getRawInputContents(i));
            else t.typed.put(input.getName(), input);
        }
        return t;
    }

    boolean has(String name) {
        return raw.containsKey(name) || typed.containsKey(name);
    }

    Optional<String> string(String name) {
        if (raw.containsKey(name)) {
            ByteBuffer b = raw.get(name).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 4) throw new IllegalArgumentException("input '" + name + "' is not a BYTES tensor");
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) throw new IllegalArgumentException("input '" + name + "' has a bad length prefix");
            byte[] bytes = new byte[len];
            b.get(bytes);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
        if (typed.containsKey(name)) {
            var contents = typed.get(name).getContents();
            if (contents.getBytesContentsCount() == 0) throw new IllegalArgumentException("input '" + name + "' is empty");
            return Optional.of(contents.getBytesContents(0).toStringUtf8());
        }
        return Optional.empty();
    }

    Optional<Boolean> bool(String name) {
        if (raw.containsKey(name)) {
            ByteString b = raw.get(name);
            if (b.isEmpty()) throw new IllegalArgumentException("input '" + name + "' is empty");
            return Optional.of(b.byteAt(0) != 0);
        }
        if (typed.containsKey(name)) {
            var contents = typed.get(name).getContents();
            if (contents.getBoolContentsCount() == 0) throw new IllegalArgumentException("input '" + name + "' is empty");
            return Optional.of(contents.getBoolContents(0));
        }
        return Optional.empty();
    }

    static void addString(ModelInferResponse.Builder b, String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(4 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(bytes.length).put(bytes).flip();
        b.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(name).setDatatype("BYTES").addShape(1));
        b.addRawOutputContents(ByteString.copyFrom(buf));
    }

    static void addUint32(ModelInferResponse.Builder b, String name, int value) {
        ByteBuffer buf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        buf.flip();
        b.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(name).setDatatype("UINT32").addShape(1));
        b.addRawOutputContents(ByteString.copyFrom(buf));
    }
}
