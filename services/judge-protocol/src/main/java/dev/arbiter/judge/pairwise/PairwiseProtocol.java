package dev.arbiter.judge.pairwise;

import dev.arbiter.judge.RenderedPrompt;

/**
 * The pairwise comparison protocol of one judge profile: it renders the judge prompt for two
 * candidates in a chosen order and reads the positional verdict back. Judging both orders and
 * reconciling them is not the protocol's job (see
 * {@code dev.arbiter.judge.consolidate.PositionSwapConsolidator}); the protocol only guarantees
 * that both orders are rendered from the same template and budget. Implementations are
 * immutable and thread-safe.
 */
public interface PairwiseProtocol {

    /**
     * The judge prompt, wrapped in the model's chat format and fitted to its context.
     *
     * @param swapped false shows A in position 1 and B in position 2; true shows B first
     */
    RenderedPrompt render(PairwiseRequest request, boolean swapped);

    /** Reads the positional verdict from generated text only (never pass the echoed prompt). */
    PairwiseVerdict parse(String generatedText);

    /** Whether {@link #render} needs {@link PairwiseRequest#referenceAnswer()}. */
    boolean needsReference();

    /** Template family of this protocol, e.g. {@code autoj-pairwise}. */
    String templateId();

    /** Template version of this protocol, recorded with every outcome. */
    String templateVersion();
}
