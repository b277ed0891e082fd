package dev.arbiter.judge.budget;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Exact token counts from the judge's own tokenizer: a HuggingFace {@code tokenizer.json} (for
 * Auto-J, the one in its model repository) loaded with DJL's binding of the Rust
 * {@code tokenizers} library, whose jar carries the native code for the common platforms.
 * Special tokens (BOS) are not counted: the wrapper text already reserves room for them.
 */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private HuggingFaceTokenCounter(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static HuggingFaceTokenCounter fromFile(Path tokenizerJson) {
        if (!Files.isReadable(tokenizerJson)) {
            throw new IllegalArgumentException("tokenizer file " + tokenizerJson + " is not readable");
        }
        try {
            return new HuggingFaceTokenCounter(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    // Counting needs the whole text: no truncation, no padding.
                    .optTruncation(false)
                    .optPadding(false)
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
        }
    }

    @Override
    public int count(String text) {
        if (text.isEmpty()) return 0;
        // The native handle is shared by stream threads; encoding is cheap next to a judge call.
        synchronized (this) {
            return tokenizer.encode(text).getIds().length;
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
