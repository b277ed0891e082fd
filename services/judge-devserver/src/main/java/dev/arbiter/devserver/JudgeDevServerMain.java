package dev.arbiter.devserver;

import dev.arbiter.devserver.cost.CostModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the development judge server on its own:
 * {@code java -cp ... dev.arbiter.devserver.JudgeDevServerMain --port 8001 --time-scale 1}.
 * Prints {@code READY port=N} once serving; stops on SIGTERM.
 */
public final class JudgeDevServerMain {

    private JudgeDevServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        CostModel base = CostModel.gpuLike();
        CostModel cost = new CostModel(
                Double.parseDouble(a.getOrDefault("time-scale", "1")),
                Double.parseDouble(a.getOrDefault("prefill-tokens-per-second", String.valueOf(base.prefillTokensPerSecond()))),
                Duration.ofMillis(Long.parseLong(a.getOrDefault("decode-step-ms", String.valueOf(base.decodeStep().toMillis())))),
                Integer.parseInt(a.getOrDefault("max-concurrent-sequences", String.valueOf(base.maxConcurrentSequences()))),
                Integer.parseInt(a.getOrDefault("prefix-cache-tokens", String.valueOf(base.prefixCacheTokens()))));
        JudgeDevServerConfig config = new JudgeDevServerConfig(Integer.parseInt(a.getOrDefault("port", "8001")),
                a.containsKey("models") ? Arrays.asList(a.get("models").split(",")) : JudgeDevServerConfig.DEFAULT_MODELS,
                Boolean.parseBoolean(a.getOrDefault("decoupled", "true")), cost,
                Double.parseDouble(a.getOrDefault("position-bias", "0")), Long.parseLong(a.getOrDefault("seed", "7")));
        JudgeDevServer server = new JudgeDevServer(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("READY port=" + server.port());
        System.out.flush();
        stopped.await();
    }
}
