package dev.arbiter.judge;

/**
 * One absolute-scale grading protocol of one judge profile: it renders the judge prompt for a
 * response and reads the verdict back from the judge's generated text. Implementations are
 * immutable and thread-safe.
 */
public interface GradingProtocol {

    ProtocolKind kind();

    /** The judge prompt, already wrapped in the model's chat format and fitted to its context. */
    RenderedPrompt render(GradingRequest request);

    /** Reads the verdict from generated text only (never pass the echoed prompt). */
    GradingVerdict parse(String generatedText);

    double scaleMin();

    double scaleMax();
}
