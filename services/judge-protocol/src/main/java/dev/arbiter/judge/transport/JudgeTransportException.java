package dev.arbiter.judge.transport;

/**
 * Why a judge call failed, classified so callers can decide between retrying and giving up
 * without knowing the transport's own error vocabulary (gRPC status codes, HTTP codes).
 */
public class JudgeTransportException extends RuntimeException {

    /** Failure classes; {@link #retryable()} says which may succeed if tried again. */
    public enum Kind {
        /** Server or stream unreachable or broken; the request may not have run. */
        UNAVAILABLE(true),
        /** The call's deadline passed before the final response. */
        DEADLINE_EXCEEDED(true),
        /** The server is up but the model is loading or unloading. */
        MODEL_NOT_READY(true),
        /** Too many requests in flight on this client or the server pushed back. */
        OVERLOADED(true),
        /** The server has no such model: a configuration error, retrying will not help. */
        MODEL_NOT_FOUND(false),
        /** The server rejected the request as malformed (wrong tensors, bad parameters). */
        INVALID_REQUEST(false),
        /** The model itself failed on this input. */
        MODEL_ERROR(false),
        /** The transport was closed while the call was outstanding. */
        CLOSED(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public JudgeTransportException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public JudgeTransportException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
