package dev.arbiter.judge.transport;

/**
 * Why a judge call failed, classified so callers can decide between retrying and giving up
 * without knowing the transport's own error vocabulary (gRPC status codes, HTTP codes). Each
 * kind has one {@link Fault}: whether the failure says the judge is away (it says nothing about
 * this input, so the call is retried for as long as it takes) or that this input may be the
 * cause (so the call counts against the input's attempt budget). That split is decided here and
 * nowhere else.
 */
public class JudgeTransportException extends RuntimeException {

    /** Whose fault a failure is: the reason a retry policy needs, in one place. */
    public enum Fault {
        /** The judge or the way to it is unavailable; nothing is known about this input. */
        JUDGE_AWAY,
        /** This input may be what fails; retrying it forever could hold its partition's work. */
        INPUT
    }

    /** Failure classes; {@link #retryable()} says which may succeed if tried again, {@link #fault()} whose fault it is. */
    public enum Kind {
        /** Server or stream unreachable or broken; the request may not have run. */
        UNAVAILABLE(true, Fault.JUDGE_AWAY),
        /** The judge took longer than the call's deadline: a long generation, possibly this input's. */
        DEADLINE_EXCEEDED(true, Fault.INPUT),
        /** The server is up but the model is loading or unloading. */
        MODEL_NOT_READY(true, Fault.JUDGE_AWAY),
        /** Too many requests in flight on this client or the server pushed back. */
        OVERLOADED(true, Fault.JUDGE_AWAY),
        /** The server has no such model: a configuration error, retrying will not help. */
        MODEL_NOT_FOUND(false, Fault.INPUT),
        /** The server rejected the request as malformed (wrong tensors, bad parameters). */
        INVALID_REQUEST(false, Fault.INPUT),
        /** The model itself failed on this input. */
        MODEL_ERROR(false, Fault.INPUT),
        /** The transport was closed while the call was outstanding. */
        CLOSED(true, Fault.JUDGE_AWAY),
        /** The server refused our credentials: a deployment problem, the same for every input. */
        UNAUTHORIZED(true, Fault.JUDGE_AWAY),
        /**
         * The transport did not complete the call at all, well past its deadline: the client or
         * the connection is stuck, which says nothing about the input.
         */
        UNRESPONSIVE(true, Fault.JUDGE_AWAY),
        /**
         * A failure inside the client, not an answer from the judge (a bug, an unexpected
         * exception): it says nothing about the input, so it must not burn the input's attempts.
         */
        INTERNAL(true, Fault.JUDGE_AWAY);

        private final boolean retryable;
        private final Fault fault;

        Kind(boolean retryable, Fault fault) {
            this.retryable = retryable;
            this.fault = fault;
        }

        public boolean retryable() {
            return retryable;
        }

        public Fault fault() {
            return fault;
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

    public Fault fault() {
        return kind.fault();
    }
}
