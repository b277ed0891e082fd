package dev.arbiter.triton.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Builds the {@link ManagedChannel} to Triton from a {@link TritonClientConfig}. It goes through
 * {@link Grpc#newChannelBuilder} with channel credentials so that plaintext, TLS and mTLS are
 * one code path and the transport (Netty, shaded) is picked by gRPC's provider lookup.
 */
public final class TritonChannelFactory {

    private TritonChannelFactory() {
    }

    /** Opens a channel; connection happens lazily on the first call. */
    public static ManagedChannel open(TritonClientConfig config) {
        return Grpc.newChannelBuilder(config.target(), credentials(config))
                .keepAliveTime(config.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(config.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveWithoutCalls(config.keepAliveWithoutCalls())
                .maxInboundMessageSize(config.maxInboundMessageBytes())
                .build();
    }

    private static ChannelCredentials credentials(TritonClientConfig config) {
        if (config.tls().isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        TlsSettings tls = config.tls().get();
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
            if (tls.trustCertFile().isPresent()) {
                builder.trustManager(tls.trustCertFile().get().toFile());
            }
            if (tls.clientCertFile().isPresent()) {
                builder.keyManager(tls.clientCertFile().get().toFile(), tls.clientKeyFile().orElseThrow().toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS material for Triton target " + config.target(), e);
        }
    }
}
