package dev.arbiter.devserver.grpc;

import dev.arbiter.devserver.ModelRegistry;
import dev.arbiter.devserver.cost.GpuSimulator;
import dev.arbiter.devserver.judge.HeuristicJudge;
import dev.arbiter.devserver.scalar.ScalarModels;
import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.proto.config.ModelInput;
import dev.arbiter.triton.proto.config.ModelOutput;
import dev.arbiter.triton.repository.ModelRepository;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelMetadataRequest;
import dev.arbiter.triton.proto.ModelMetadataResponse;
import dev.arbiter.triton.proto.ModelReadyRequest;
import dev.arbiter.triton.proto.ModelReadyResponse;
import dev.arbiter.triton.proto.ModelStreamInferResponse;
import dev.arbiter.triton.proto.ServerLiveRequest;
import dev.arbiter.triton.proto.ServerLiveResponse;
import dev.arbiter.triton.proto.ServerMetadataRequest;
import dev.arbiter.triton.proto.ServerMetadataResponse;
import dev.arbiter.triton.proto.ServerReadyRequest;
import dev.arbiter.triton.proto.ServerReadyResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * The KServe v2 / Triton gRPC service of the development judge. Each model behaves as its
 * repository configuration says: an ONNX model answers unary ModelInfer through its dynamic
 * batcher ({@link ScalarModels}); a vLLM-backend model behaves as Triton does with a decoupled one: unary inference is refused for decoupled models, the stream
 * answers many requests concurrently matched by id, each request ends with a response carrying
 * {@code triton_final_response=true}, and a failed request is reported in the stream's
 * {@code error_message} without closing the stream. Error texts follow Triton's.
 */
public final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private final ModelRegistry models;
    private final HeuristicJudge judge;
    private final GpuSimulator gpu;
    private final ScalarModels scalar;

    public InferenceService(ModelRegistry models, HeuristicJudge judge, GpuSimulator gpu, ScalarModels scalar) {
        this.models = models;
        this.judge = judge;
        this.gpu = gpu;
        this.scalar = scalar;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        out.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
        out.onCompleted();
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        out.onNext(ServerReadyResponse.newBuilder().setReady(models.anyReady()).build());
        out.onCompleted();
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        if (!models.exists(request.getName())) {
            out.onError(unknownModel(request.getName()));
            return;
        }
        out.onNext(ModelReadyResponse.newBuilder().setReady(models.isReady(request.getName())).build());
        out.onCompleted();
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        out.onNext(ServerMetadataResponse.newBuilder().setName("arbiter-judge-devserver").setVersion("2.x-compatible")
                .addAllExtensions(List.of("classification", "sequence", "model_repository", "statistics", "parameters"))
                .build());
        out.onCompleted();
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        if (!models.exists(request.getName())) {
            out.onError(unknownModel(request.getName()));
            return;
        }
        if (scalar.serves(request.getName())) {
            out.onNext(configuredMetadata(models.config(request.getName()).orElseThrow()));
            out.onCompleted();
            return;
        }
        ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(request.getName())
                .addVersions("1").setPlatform("vllm");
        for (String[] in : new String[][] {{"text_input", "BYTES"}, {"stream", "BOOL"}, {"sampling_parameters", "BYTES"},
                {"exclude_input_in_output", "BOOL"}, {"return_finish_reason", "BOOL"}, {"return_num_input_tokens", "BOOL"},
                {"return_num_output_tokens", "BOOL"}}) {
            b.addInputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(in[0]).setDatatype(in[1]).addShape(1));
        }
        for (String[] o : new String[][] {{"text_output", "BYTES"}, {"finish_reason", "BYTES"},
                {"num_input_tokens", "UINT32"}, {"num_output_tokens", "UINT32"}}) {
            b.addOutputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(o[0]).setDatatype(o[1]).addShape(-1));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    /** Metadata from the model's configuration: KServe datatype names, -1 for the batch dimension. */
    private static ModelMetadataResponse configuredMetadata(ModelConfig config) {
        ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(config.getName()).addVersions("1")
                .setPlatform(config.getBackend());
        for (ModelInput in : config.getInputList()) {
            b.addInputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(in.getName())
                    .setDatatype(in.getDataType().name().substring("TYPE_".length())).addShape(-1).addAllShape(in.getDimsList()));
        }
        for (ModelOutput o : config.getOutputList()) {
            b.addOutputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(o.getName())
                    .setDatatype(o.getDataType().name().substring("TYPE_".length())).addShape(-1).addAllShape(o.getDimsList()));
        }
        return b.build();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        StatusRuntimeException refused = admission(request);
        if (refused == null && scalar.serves(request.getModelName())) {
            inferScalar(request, out);
            return;
        }
        if (refused == null && ModelRepository.decoupled(models.config(request.getModelName()).orElseThrow())) {
            refused = Status.UNIMPLEMENTED.withDescription(
                    "ModelInfer RPC doesn't support models with decoupled transaction policy").asRuntimeException();
        }
        if (refused != null) {
            out.onError(refused);
            return;
        }
        GenerationJob job;
        try {
            job = GenerationJob.prepare(request, judge, false);
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        Context ctx = Context.current();
        gpu.run(new GpuSimulator.Work(job.prompt(), job.promptTokens(), job.outputTokens())).thenRun(() -> {
            if (ctx.isCancelled()) return; // deadline passed or client gone: Triton drops the answer too
            out.onNext(job.dataResponse(false));
            out.onCompleted();
        });
    }

    private void inferScalar(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        Context ctx = Context.current();
        scalar.server(request.getModelName()).infer(request).whenComplete((response, error) -> {
            if (ctx.isCancelled()) return;
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause == null) {
                out.onNext(response);
                out.onCompleted();
            } else if (cause instanceof IllegalArgumentException) {
                out.onError(Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException());
            } else {
                out.onError(Status.INTERNAL.withDescription("model '" + request.getModelName() + "' failed: "
                        + cause.getMessage()).asRuntimeException());
            }
        });
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> responses) {
        ServerCallStreamObserver<ModelStreamInferResponse> out = (ServerCallStreamObserver<ModelStreamInferResponse>) responses;
        Object writeLock = new Object();
        return new StreamObserver<>() {
            @Override
            public void onNext(ModelInferRequest request) {
                StatusRuntimeException refused = admission(request);
                if (refused == null && scalar.serves(request.getModelName())) {
                    refused = Status.UNIMPLEMENTED.withDescription("the development server serves model '"
                            + request.getModelName() + "' through ModelInfer only").asRuntimeException();
                }
                if (refused != null) {
                    send(ModelStreamInferResponse.newBuilder().setErrorMessage(refused.getStatus().getDescription())
                            .setInferResponse(ModelInferResponse.newBuilder().setId(request.getId())
                                    .setModelName(request.getModelName())).build());
                    return;
                }
                GenerationJob job;
                try {
                    job = GenerationJob.prepare(request, judge, true);
                } catch (IllegalArgumentException e) {
                    send(ModelStreamInferResponse.newBuilder().setErrorMessage(e.getMessage())
                            .setInferResponse(ModelInferResponse.newBuilder().setId(request.getId())).build());
                    return;
                }
                gpu.run(new GpuSimulator.Work(job.prompt(), job.promptTokens(), job.outputTokens())).thenRun(() -> {
                    if (job.emptyFinal()) {
                        send(ModelStreamInferResponse.newBuilder().setInferResponse(job.dataResponse(false)).build());
                        send(ModelStreamInferResponse.newBuilder().setInferResponse(job.finalMarker()).build());
                    } else {
                        send(ModelStreamInferResponse.newBuilder().setInferResponse(job.dataResponse(true)).build());
                    }
                });
            }

            private void send(ModelStreamInferResponse r) {
                synchronized (writeLock) {
                    if (out.isCancelled()) return;
                    try {
                        out.onNext(r);
                    } catch (IllegalStateException | StatusRuntimeException closed) {
                        // the client went away; its requests are simply not answered
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                // client cancelled the stream: outstanding work completes into a cancelled call
            }

            @Override
            public void onCompleted() {
                synchronized (writeLock) {
                    if (!out.isCancelled()) out.onCompleted();
                }
            }
        };
    }

    private StatusRuntimeException admission(ModelInferRequest request) {
        String name = request.getModelName();
        if (!models.exists(name)) return unknownModel(name);
        if (!models.isReady(name)) {
            return Status.UNAVAILABLE.withDescription("Request for unknown model: '" + name
                    + "' version 1 is not at ready state").asRuntimeException();
        }
        return null;
    }

    private static StatusRuntimeException unknownModel(String name) {
        return Status.NOT_FOUND.withDescription("Request for unknown model: '" + name + "' is not found").asRuntimeException();
    }
}
