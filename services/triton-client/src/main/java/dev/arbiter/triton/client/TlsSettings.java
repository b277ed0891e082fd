package dev.arbiter.triton.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the channel to Triton. Without a trust certificate the JVM's default trust store
 * verifies the server; a client certificate and key together turn on mutual TLS (both or
 * neither, since one without the other cannot authenticate).
 *
 * @param trustCertFile  PEM file of the CA (or server) certificate to trust, if not the JVM default
 * @param clientCertFile PEM client certificate chain for mTLS
 * @param clientKeyFile  PEM PKCS#8 private key for mTLS
 */
public record TlsSettings(Optional<Path> trustCertFile, Optional<Path> clientCertFile, Optional<Path> clientKeyFile) {

    public TlsSettings {
        Objects.requireNonNull(trustCertFile, "trustCertFile");
        Objects.requireNonNull(clientCertFile, "clientCertFile");
        Objects.requireNonNull(clientKeyFile, "clientKeyFile");
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new IllegalArgumentException("mTLS needs both a client certificate and a client key");
        }
    }

    /** TLS verified against the JVM's default trust store. */
    public static TlsSettings systemTrust() {
        return new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** TLS verified against one trusted certificate file. */
    public static TlsSettings trusting(Path trustCertFile) {
        return new TlsSettings(Optional.of(trustCertFile), Optional.empty(), Optional.empty());
    }

    /** The same trust, plus a client identity for mutual TLS. */
    public TlsSettings withClientIdentity(Path certFile, Path keyFile) {
        return new TlsSettings(trustCertFile, Optional.of(certFile), Optional.of(keyFile));
    }
}
