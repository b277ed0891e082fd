package dev.arbiter.triton.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TritonFailureClassifierTest {

    private final TritonFailureClassifier classifier = new TritonFailureClassifier("triton:8001");

    @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "UNAVAILABLE       | connection refused                                          | UNAVAILABLE",
            "DEADLINE_EXCEEDED | deadline exceeded after 1s                                  | DEADLINE_EXCEEDED",
            "NOT_FOUND         | no such thing                                               | MODEL_NOT_FOUND",
            "INVALID_ARGUMENT  | Request for unknown model: 'judge' is not found            | MODEL_NOT_FOUND",
            "UNAVAILABLE       | Request for unknown model: 'judge' is not found            | MODEL_NOT_FOUND",
            "UNAVAILABLE       | 'judge' version 1 is not at ready state                     | MODEL_NOT_READY",
            "INVALID_ARGUMENT  | unexpected inference input 'foo' for model 'judge'          | INVALID_REQUEST",
            "UNIMPLEMENTED     | Method not found                                            | INVALID_REQUEST",
            "RESOURCE_EXHAUSTED| too many requests                                           | OVERLOADED",
            "UNAVAILABLE       | Exceeds maximum queue size                                  | OVERLOADED",
            "INTERNAL          | CUDA out of memory                                          | MODEL_ERROR",
            "UNKNOWN           | boom                                                        | MODEL_ERROR",
            "CANCELLED         | channel shutdown                                            | UNAVAILABLE",
            "UNAUTHENTICATED   | missing credentials                                         | UNAUTHORIZED",
            "PERMISSION_DENIED | not allowed                                                 | UNAUTHORIZED",
            "ABORTED           | try again                                                   | UNAVAILABLE",
    })
    void grpcStatusAndTritonMessageDecideTheKind(Status.Code code, String description, Kind expected) {
        JudgeTransportException e = classifier.classify(
                new CompletionException(Status.fromCode(code).withDescription(description).asRuntimeException()),
                "judge", "ModelInfer");

        assertThat(e.kind()).isEqualTo(expected);
        assertThat(e.getMessage()).contains("model 'judge'").contains("triton:8001").contains(description);
    }

    @Test
    void aFailureThatIsNotFromTheServerGoesThroughTheSharedClientSideRule() {
        JudgeTransportException e = classifier.classify(new CompletionException(new IllegalStateException("bug")),
                "judge", "ModelInfer");

        assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
        assertThat(e.fault()).isEqualTo(JudgeTransportException.Fault.JUDGE_AWAY);
    }

    @Test
    void streamErrorWithoutRecognisableMessageIsAModelError() {
        JudgeTransportException e = classifier.classifyStreamError("Error generating stream: boom", "judge", "r1");

        assertThat(e.kind()).isEqualTo(Kind.MODEL_ERROR);
        assertThat(e.getMessage()).contains("'r1'").contains("model 'judge'").contains("boom");
    }

    @Test
    void streamErrorSayingNotReadyIsRetryable() {
        JudgeTransportException e = classifier.classifyStreamError("'judge' version 1 is not at ready state", "judge", "r1");

        assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_READY);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void serverLevelCallsNameTheServerNotAModel() {
        JudgeTransportException e = classifier.classify(Status.UNAVAILABLE.asRuntimeException(), "", "ServerLive");

        assertThat(e.getMessage()).contains("ServerLive on server at Triton triton:8001");
    }
}
