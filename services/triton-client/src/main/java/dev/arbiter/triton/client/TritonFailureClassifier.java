package dev.arbiter.triton.client;

import dev.arbiter.judge.transport.JudgeFailures;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.Locale;

/**
 * Turns gRPC failures and Triton's stream error messages into {@link JudgeTransportException}s
 * whose kind tells callers whether retrying helps. Triton's status codes alone are not enough:
 * it reports "model not ready" as UNAVAILABLE ("'m' version 1 is not at ready state") and, in
 * some versions, an unknown model as INVALID_ARGUMENT or UNAVAILABLE ("Request for unknown model:
 * 'm' is not found"), so the message is checked before the code. Stream errors carry only a
 * message, so they go through the same message rules and default to MODEL_ERROR.
 */
public final class TritonFailureClassifier {

    private final String target;

    public TritonFailureClassifier(String target) {
        this.target = target;
    }

    /** Classifies a failure of a gRPC call about {@code model} (may be empty for server-level calls). */
    public JudgeTransportException classify(Throwable failure, String model, String operation) {
        Throwable cause = JudgeFailures.unwrap(failure);
        if (cause instanceof JudgeTransportException already) {
            return already;
        }
        if (!(cause instanceof StatusRuntimeException) && !(cause instanceof StatusException)) {
            // Not an answer from the server: the one shared rule for client-side failures.
            return JudgeFailures.classify(cause);
        }
        Status status = Status.fromThrowable(cause);
        String description = status.getDescription() == null ? "" : status.getDescription();
        Kind kind = kindFromMessage(description);
        if (kind == null) {
            kind = kindFromCode(status.getCode());
        }
        return new JudgeTransportException(kind,
                where(model, operation) + ": " + status.getCode() + (description.isEmpty() ? "" : ": " + description),
                cause);
    }

    /** Classifies a {@code ModelStreamInferResponse.error_message} for one request. */
    public JudgeTransportException classifyStreamError(String errorMessage, String model, String requestId) {
        Kind kind = kindFromMessage(errorMessage);
        return new JudgeTransportException(kind == null ? Kind.MODEL_ERROR : kind,
                where(model, "ModelStreamInfer request '" + requestId + "'") + ": " + errorMessage);
    }

    /** A failure with a kind decided by the caller, with the same message shape. */
    public JudgeTransportException failure(Kind kind, String model, String operation, String detail) {
        return new JudgeTransportException(kind, where(model, operation) + ": " + detail);
    }

    public String target() {
        return target;
    }

    private String where(String model, String operation) {
        String subject = model == null || model.isEmpty() ? "server" : "model '" + model + "'";
        return operation + " on " + subject + " at Triton " + target;
    }

    private static Kind kindFromMessage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("not at ready state") || m.contains("is not ready") || m.contains("not ready")) {
            return Kind.MODEL_NOT_READY;
        }
        if (m.contains("unknown model") || (m.contains("model") && m.contains("is not found"))) {
            return Kind.MODEL_NOT_FOUND;
        }
        if (m.contains("exceeds maximum queue size")) {
            return Kind.OVERLOADED;
        }
        return null;
    }

    private static Kind kindFromCode(Status.Code code) {
        return switch (code) {
            // CANCELLED reaches us when the channel shuts down or the peer resets the call: the
            // request may not have run, which is what UNAVAILABLE promises.
            case UNAVAILABLE, CANCELLED -> Kind.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Kind.DEADLINE_EXCEEDED;
            case NOT_FOUND -> Kind.MODEL_NOT_FOUND;
            case INVALID_ARGUMENT, UNIMPLEMENTED -> Kind.INVALID_REQUEST;
            case RESOURCE_EXHAUSTED -> Kind.OVERLOADED;
            // The same for every input until the deployment is fixed: never the input's fault.
            case UNAUTHENTICATED, PERMISSION_DENIED -> Kind.UNAUTHORIZED;
            // A transaction-style conflict on the server; the call may simply be made again.
            case ABORTED -> Kind.UNAVAILABLE;
            // INTERNAL and UNKNOWN are what Triton returns when a model fails on a request.
            default -> Kind.MODEL_ERROR;
        };
    }

}
