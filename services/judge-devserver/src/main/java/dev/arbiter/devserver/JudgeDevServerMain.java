package dev.arbiter.devserver;

import dev.arbiter.devserver.cost.CostModel;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import dev.arbiter.triton.repository.ModelRepository;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the development judge server on its own:
 * {@code java -cp ... dev.arbiter.devserver.JudgeDevServerMain --port 8001 --time-scale 1}.
 * Prints {@code READY port=N} once serving; stops on SIGTERM. It serves the models of
 * {@code --model-repository DIR} (a Triton model repository), by default the project's own
 * {@code triton-models/} configurations packaged in the jar. With {@code --tls-cert} and
 * {@code --tls-key} (PEM) it serves TLS, as Triton does with {@code --grpc-use-ssl}; adding
 * {@code --tls-client-ca} demands client certificates signed by (or equal to) that PEM, as
 * {@code --grpc-use-ssl-mutual} does.
 */
public final class JudgeDevServerMain {

    private JudgeDevServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> a = options(args);
        JudgeDevServer server = new JudgeDevServer(config(a), credentials(a)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("READY port=" + server.port());
        System.out.flush();
        stopped.await();
    }

    /** {@code --name value} pairs, without the dashes. */
    static Map<String, String> options(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return a;
    }

    static JudgeDevServerConfig config(Map<String, String> a) {
        CostModel base = CostModel.gpuLike();
        CostModel cost = new CostModel(
                Double.parseDouble(a.getOrDefault("time-scale", "1")),
                Double.parseDouble(a.getOrDefault("prefill-tokens-per-second", String.valueOf(base.prefillTokensPerSecond()))),
                Duration.ofMillis(Long.parseLong(a.getOrDefault("decode-step-ms", String.valueOf(base.decodeStep().toMillis())))),
                Integer.parseInt(a.getOrDefault("max-concurrent-sequences", String.valueOf(base.maxConcurrentSequences()))),
                Integer.parseInt(a.getOrDefault("prefix-cache-tokens", String.valueOf(base.prefixCacheTokens()))));
        ModelRepository repository = a.containsKey("model-repository")
                ? ModelRepository.load(Path.of(a.get("model-repository"))) : ModelRepository.bundled();
        return new JudgeDevServerConfig(Integer.parseInt(a.getOrDefault("port", "8001")), repository, cost,
                Double.parseDouble(a.getOrDefault("position-bias", "0")), Long.parseLong(a.getOrDefault("seed", "7")))
                .withDecoupled(Boolean.parseBoolean(a.getOrDefault("decoupled", "true")));
    }

    /** Plaintext without TLS options; TLS, or mutual TLS, from PEM files otherwise. */
    static ServerCredentials credentials(Map<String, String> a) {
        String cert = a.get("tls-cert");
        String key = a.get("tls-key");
        String clientCa = a.get("tls-client-ca");
        if (cert == null && key == null) {
            if (clientCa != null) throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
            return InsecureServerCredentials.create();
        }
        if (cert == null || key == null) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        try {
            TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(new File(cert), new File(key));
            if (clientCa != null) {
                tls.trustManager(new File(clientCa)).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            return tls.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files " + cert + ", " + key, e);
        }
    }
}
