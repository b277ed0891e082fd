package dev.arbiter.devkit.it;

import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.devserver.cost.CostModel;
import java.time.Duration;

/** The development judge server configured for a test: instant, or slow enough to have work in flight. */
final class DevJudge implements AutoCloseable {

    private final JudgeDevServer server;

    private DevJudge(JudgeDevServerConfig config) {
        this.server = new JudgeDevServer(config).start();
    }

    static DevJudge fast() {
        return new DevJudge(JudgeDevServerConfig.instant());
    }

    /** About 8 requests at a time, each taking a few hundred milliseconds. */
    static DevJudge slow() {
        return new DevJudge(JudgeDevServerConfig.instant().withCost(new CostModel(1.0, 4_000, Duration.ofMillis(4), 8, 0)));
    }

    static DevJudge withPositionBias(double bias) {
        return new DevJudge(JudgeDevServerConfig.instant().withPositionBias(bias));
    }

    String target() {
        return server.target();
    }

    int inFlight() {
        return server.stats().inFlight();
    }

    JudgeDevServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
