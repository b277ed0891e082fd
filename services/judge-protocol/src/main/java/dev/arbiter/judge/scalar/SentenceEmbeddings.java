package dev.arbiter.judge.scalar;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The two ends of a sentence encoder that are not the network: turning texts into the fixed-length
 * token rows the model takes (its own HuggingFace {@code tokenizer.json}, padded and truncated to
 * the sequence length so rows of different requests can share a batch), and turning the token
 * states it returns into one unit-length sentence vector per row (mean over the attention mask,
 * then L2 normalisation, as sentence-transformers models like all-MiniLM-L6-v2 prescribe). The
 * network itself runs wherever the model is served. The tokenizer's native handle is used under a
 * lock; it is cheap next to the model.
 */
public final class SentenceEmbeddings implements AutoCloseable {

    /**
     * Token rows, flattened row-major: row {@code r} occupies {@code [r * length, (r + 1) * length)}.
     */
    public record TokenRows(int rows, int length, long[] ids, long[] mask, long[] types) {}

    private static final String CLASSPATH = "classpath:";

    private final HuggingFaceTokenizer tokenizer;
    private final int length;

    private SentenceEmbeddings(HuggingFaceTokenizer tokenizer, int length) {
        this.tokenizer = tokenizer;
        this.length = length;
    }

    /** Loads a tokenizer from a file path or a {@code classpath:/...} resource. */
    public static SentenceEmbeddings load(String location, int sequenceLength) {
        try {
            Path file = location.startsWith(CLASSPATH) ? copyOut(location.substring(CLASSPATH.length())) : Path.of(location);
            if (!Files.isReadable(file)) throw new IllegalArgumentException("tokenizer file " + file + " is not readable");
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(file)
                    .optMaxLength(sequenceLength).optPadToMaxLength().optTruncation(true).build();
            return new SentenceEmbeddings(tokenizer, sequenceLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer " + location, e);
        }
    }

    private static Path copyOut(String resource) throws IOException {
        try (InputStream in = SentenceEmbeddings.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("tokenizer resource " + resource + " is not on the class path");
            Path file = Files.createTempFile("tokenizer", ".json");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    public int sequenceLength() {
        return length;
    }

    /** One row per text, each exactly {@link #sequenceLength()} tokens. */
    public TokenRows tokenize(List<String> texts) {
        Encoding[] encodings;
        synchronized (this) {
            encodings = tokenizer.batchEncode(texts);
        }
        int rows = encodings.length;
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            if (encodings[r].getIds().length != length) {
                throw new IllegalStateException("the tokenizer gave " + encodings[r].getIds().length + " tokens, not " + length);
            }
            System.arraycopy(encodings[r].getIds(), 0, ids, r * length, length);
            System.arraycopy(encodings[r].getAttentionMask(), 0, mask, r * length, length);
            System.arraycopy(encodings[r].getTypeIds(), 0, types, r * length, length);
        }
        return new TokenRows(rows, length, ids, mask, types);
    }

    /**
     * Unit sentence vectors from token states laid out {@code [rows, length, dim]} row-major; a row
     * whose mask is all zero pools to the zero vector.
     */
    public static float[][] pool(float[] states, long[] mask, int rows, int length, int dim) {
        if (states.length != rows * length * dim) {
            throw new IllegalArgumentException("token states hold " + states.length + " values, not " + rows + " x "
                    + length + " x " + dim);
        }
        float[][] out = new float[rows][dim];
        for (int r = 0; r < rows; r++) {
            float[] v = out[r];
            int n = 0;
            for (int t = 0; t < length; t++) {
                if (mask[r * length + t] == 0) continue;
                n++;
                int base = (r * length + t) * dim;
                for (int d = 0; d < dim; d++) v[d] += states[base + d];
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                v[d] /= Math.max(1, n);
                norm += v[d] * v[d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < dim; d++) v[d] /= (float) Math.max(norm, 1e-12);
        }
        return out;
    }

    /** Cosine similarity of two unit vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        return dot;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
