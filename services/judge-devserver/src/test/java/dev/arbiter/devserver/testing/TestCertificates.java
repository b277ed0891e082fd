package dev.arbiter.devserver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * Self-signed certificates for TLS tests, made with the JDK's own keytool (no test CA library):
 * a PKCS#12 key store for the server side and PEM files for the client side, the formats a
 * Triton deployment hands to Arbiter.
 *
 * @param keyStore PKCS#12 store holding the key and its self-signed certificate
 * @param certPem  the certificate, PEM
 * @param keyPem   the private key, PEM PKCS#8
 */
public record TestCertificates(Path keyStore, Path certPem, Path keyPem) {

    private static final char[] PASSWORD = "changeit".toCharArray();

    /** A key pair and self-signed certificate for {@code cn}, valid for localhost and 127.0.0.1. */
    public static TestCertificates create(Path dir, String cn) throws IOException, InterruptedException {
        Path store = dir.resolve(cn + ".p12");
        Path cert = dir.resolve(cn + ".crt.pem");
        keytool("-genkeypair", "-alias", cn, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + cn, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", cn, "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-file", cert.toString());
        Path key = dir.resolve(cn + ".key.pem");
        try {
            PrivateKey privateKey = (PrivateKey) load(store).getKey(cn, PASSWORD);
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded());
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the key keytool made", e);
        }
        return new TestCertificates(store, cert, key);
    }

    /** Key managers presenting this certificate, for a server. */
    public KeyManagerFactory keyManagers() throws IOException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore), PASSWORD);
            return kmf;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static KeyStore load(Path store) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            return ks;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
