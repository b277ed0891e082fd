package dev.arbiter.devserver.scalar;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.arbiter.triton.proto.config.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model really executed on the CPU with ONNX Runtime, fed INT64 matrices and read as one
 * FP32 tensor, which is all a token-input encoder needs. Where the file comes from follows
 * Triton's repository layout, {@code <repository>/<model>/1/<default_model_filename>}
 * ({@code model.onnx} by default); when the repository was read from the class path or the file
 * is not there, a class-path resource {@code /<model>.onnx} is used, which is how the
 * quantised all-MiniLM-L6-v2 arrives (inside the langchain4j jar). One session serves concurrent
 * callers: ONNX Runtime sessions are thread-safe.
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;

    private OnnxModel(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    /** Loads a model from its ONNX bytes. */
    public static OnnxModel load(byte[] onnx) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            return new OnnxModel(env, env.createSession(onnx, new OrtSession.SessionOptions()));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model", e);
        }
    }

    /** The ONNX file of a repository model, found as described above. */
    public static OnnxModel of(ModelConfig config, Optional<Path> repositoryRoot) {
        String file = config.getDefaultModelFilename().isEmpty() ? "model.onnx" : config.getDefaultModelFilename();
        try {
            if (repositoryRoot.isPresent()) {
                Path onDisk = repositoryRoot.get().resolve(config.getName()).resolve("1").resolve(file);
                if (Files.isRegularFile(onDisk)) return load(Files.readAllBytes(onDisk));
            }
            String resource = "/" + config.getName() + ".onnx";
            try (InputStream in = OnnxModel.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("model " + config.getName() + ": no " + file + " in its version directory 1/ "
                            + "and no class-path resource " + resource);
                }
                return load(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ONNX file of " + config.getName(), e);
        }
    }

    /**
     * Runs one batch: each named input a {@code [rows, length]} INT64 matrix, row-major; returns
     * the named output's elements, row-major.
     */
    public float[] run(Map<String, long[]> inputs, int rows, int length, String output) {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (Map.Entry<String, long[]> in : inputs.entrySet()) {
                tensors.put(in.getKey(), OnnxTensor.createTensor(env, LongBuffer.wrap(in.getValue()), new long[] {rows, length}));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                OnnxTensor out = (OnnxTensor) result.get(output)
                        .orElseThrow(() -> new IllegalStateException("the model has no output '" + output + "'"));
                FloatBuffer values = out.getFloatBuffer();
                float[] flat = new float[values.remaining()];
                values.get(flat);
                return flat;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + rows, e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
