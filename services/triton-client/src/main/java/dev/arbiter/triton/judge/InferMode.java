package dev.arbiter.triton.judge;

/**
 * How the judge model is called. Triton's vLLM backend forces decoupled models, which only
 * answer on {@code ModelStreamInfer}; a non-decoupled model (another backend, or a scalar reward
 * model) is called with unary {@code ModelInfer}.
 */
public enum InferMode {
    /** Shared bidirectional stream, requests matched by id (decoupled models; the default). */
    STREAM,
    /** One unary ModelInfer call per request (non-decoupled models). */
    UNARY
}
