package dev.arbiter.devserver.cost;

/**
 * The development server's token count: one token per four characters, rounded up, the usual
 * rule of thumb for Llama-family tokenizers on English text. It drives the cost model, the
 * {@code max_tokens} cut-off and the reported token counts; it is not a real tokenizer.
 */
public final class TokenEstimate {

    public static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {}

    public static int tokens(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** The longest prefix of {@code text} that fits in {@code maxTokens}. */
    public static String truncate(String text, int maxTokens) {
        long maxChars = (long) maxTokens * CHARS_PER_TOKEN;
        return text.length() <= maxChars ? text : text.substring(0, (int) maxChars);
    }
}
