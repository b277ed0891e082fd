package dev.arbiter.triton.client;

import dev.arbiter.triton.tensor.TensorCodec;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc;
import dev.arbiter.triton.proto.InferParameter;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelInferResponse.InferOutputTensor;
import dev.arbiter.triton.proto.ModelReadyRequest;
import dev.arbiter.triton.proto.ModelReadyResponse;
import dev.arbiter.triton.proto.ModelStreamInferResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written stand-in for Triton used by unit tests of single client classes. Behaviour is
 * chosen per request by model name:
 * <ul>
 *   <li>{@code echo}: answers the request's {@code text_input} in two chunks on a random delay
 *       (so answers to concurrent requests interleave and arrive out of order), then an empty
 *       final response;</li>
 *   <li>{@code silent}: never answers;</li>
 *   <li>{@code failing}: answers with error_message and the request id;</li>
 *   <li>{@code failing-anonymous}: answers with error_message and no id.</li>
 * </ul>
 * It records every streamed request and can break all open streams on demand.
 */
final class ScriptedTritonService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    final List<ModelInferRequest> streamedRequests = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<ModelStreamInferResponse>> openStreams = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService delays = Executors.newScheduledThreadPool(2);

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> responses) {
        responses.onNext(ModelReadyResponse.newBuilder().setReady(request.getName().equals("echo")).build());
        responses.onCompleted();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> responses) {
        if (request.getModelName().equals("silent")) {
            return;
        }
        if (!request.getModelName().equals("echo")) {
            responses.onError(Status.UNAVAILABLE
                    .withDescription("Request for unknown model: '" + request.getModelName() + "' is not found")
                    .asRuntimeException());
            return;
        }
        responses.onNext(textResponse(request.getId(), "echo:" + textOf(request), false));
        responses.onCompleted();
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> responses) {
        openStreams.add(responses);
        return new StreamObserver<>() {
            @Override
            public void onNext(ModelInferRequest request) {
                streamedRequests.add(request);
                handle(request, responses);
            }

            @Override
            public void onError(Throwable t) {
                openStreams.remove(responses);
            }

            @Override
            public void onCompleted() {
                openStreams.remove(responses);
                synchronized (responses) {
                    responses.onCompleted();
                }
            }
        };
    }

    /** Ends every open stream with UNAVAILABLE, as a server shutdown would. */
    void breakAllStreams() {
        for (StreamObserver<ModelStreamInferResponse> s : openStreams) {
            synchronized (s) {
                s.onError(Status.UNAVAILABLE.withDescription("server shutting down").asRuntimeException());
            }
        }
        openStreams.clear();
    }

    void shutdown() {
        delays.shutdownNow();
    }

    private void handle(ModelInferRequest request, StreamObserver<ModelStreamInferResponse> responses) {
        String id = request.getId();
        switch (request.getModelName()) {
            case "silent" -> { }
            case "failing" -> send(responses, ModelStreamInferResponse.newBuilder()
                    .setErrorMessage("model failed on this input")
                    .setInferResponse(ModelInferResponse.newBuilder().setId(id)).build());
            case "failing-anonymous" -> send(responses, ModelStreamInferResponse.newBuilder()
                    .setErrorMessage("anonymous failure").build());
            default -> {
                String text = "echo:" + textOf(request);
                int half = text.length() / 2;
                long delay = ThreadLocalRandom.current().nextLong(0, 20);
                delays.schedule(() -> {
                    send(responses, wrap(textResponse(id, text.substring(0, half), false)));
                    send(responses, wrap(textResponse(id, text.substring(half), false)));
                    send(responses, wrap(ModelInferResponse.newBuilder().setId(id).setModelName("echo")
                            .putParameters(StreamingInferSession.FINAL_RESPONSE, flag(true)).build()));
                }, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void send(StreamObserver<ModelStreamInferResponse> responses, ModelStreamInferResponse r) {
        synchronized (responses) {
            try {
                responses.onNext(r);
            } catch (RuntimeException streamAlreadyClosed) {
                // the test broke the stream; late answers have nowhere to go
            }
        }
    }

    static String textOf(ModelInferRequest request) {
        for (int i = 0; i < request.getInputsCount(); i++) {
            if (request.getInputs(i).getName().equals("text_input")) {
                return TensorCodec.decodeStrings(request.getRawInputContents(i)).get(0);
            }
        }
        throw new IllegalArgumentException("no text_input");
    }

    static ModelInferResponse textResponse(String id, String text, boolean fin) {
        return ModelInferResponse.newBuilder().setId(id).setModelName("echo")
                .addOutputs(InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES").addShape(1))
                .addRawOutputContents(TensorCodec.encodeString(text))
                .putParameters(StreamingInferSession.FINAL_RESPONSE, flag(fin))
                .build();
    }

    private static ModelStreamInferResponse wrap(ModelInferResponse r) {
        return ModelStreamInferResponse.newBuilder().setInferResponse(r).build();
    }

    private static InferParameter flag(boolean value) {
        return InferParameter.newBuilder().setBoolParam(value).build();
    }
}
