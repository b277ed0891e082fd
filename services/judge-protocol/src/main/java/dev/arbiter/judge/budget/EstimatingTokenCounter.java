package dev.arbiter.judge.budget;

/**
 * A tokenizer-free token estimate for Llama-family judges: one token per 3.5 ASCII characters
 * plus 1.5 tokens per non-ASCII code point (Llama's SentencePiece vocabulary falls back to
 * bytes for most CJK and other scripts, so those cost more than one token each). English prose
 * runs at about 4 characters per token on Llama-2, so the estimate errs on the side of
 * truncating slightly early rather than overflowing the judge's context window.
 */
public final class EstimatingTokenCounter implements TokenCounter {

    @Override
    public int count(String text) {
        long ascii = 0;
        long other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp < 0x80) ascii++; else other++;
            i += Character.charCount(cp);
        }
        return (int) Math.ceil(ascii / 3.5 + other * 1.5);
    }
}
