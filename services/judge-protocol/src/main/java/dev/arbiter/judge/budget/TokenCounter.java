package dev.arbiter.judge.budget;

/**
 * Counts the tokens a judge model would see for a text. The exact count needs the judge's own
 * tokenizer; where none is wired in, {@link EstimatingTokenCounter} gives a documented,
 * deliberately conservative estimate.
 */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);
}
