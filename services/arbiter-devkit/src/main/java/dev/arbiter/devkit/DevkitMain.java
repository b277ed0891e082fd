package dev.arbiter.devkit;

import dev.arbiter.app.Main;
import dev.arbiter.app.eval.EvalCommand;
import dev.arbiter.app.config.Mode;
import dev.arbiter.app.runtime.Infrastructure;
import dev.arbiter.app.runtime.ServiceRun;
import dev.arbiter.devkit.bench.BenchmarkRun;
import dev.arbiter.devkit.runtime.SoakRun;
import dev.arbiter.devkit.runtime.DemoRun;
import dev.arbiter.devkit.runtime.EmbeddedStack;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;

/**
 * The development kit's command line: the production commands, with {@code run} also able to
 * start the embedded stack, plus {@code demo} (a bounded demonstration on the embedded stack by
 * default) and {@code bench} (throughput against the development judge's measured ceiling). What
 * {@code ./arbiter demo} and {@code ./arbiter bench} run.
 */
public final class DevkitMain {

    private DevkitMain() {}

    public static void main(String[] args) {
        System.exit(Main.run(args, System.out, System.err, commands()));
    }

    static Map<String, Main.Entry> commands() {
        Map<String, Main.Entry> commands = new LinkedHashMap<>();
        commands.put("demo", new Main.Entry("bounded demonstration: candidates in, rewards and critiques out, then a summary "
                + "(embedded broker, registry and judge server unless arbiter.mode=external)",
                (config, arguments, out) -> new DemoRun(config, out).call()));
        commands.put("run", new Main.Entry("run the reward service until stopped, on the embedded stack unless arbiter.mode=external",
                (config, arguments, out) -> new ServiceRun(config, out, c -> c.mode() == Mode.EMBEDDED
                        ? EmbeddedStack.start(c, out) : Infrastructure.external(c)).call()));
        commands.put("bench", new Main.Entry("Arbiter against the dev judge's measured ceiling and a naive baseline, two judge "
                + "cost models, rising offered load, then its own overhead with a zero-cost judge (about 13 minutes) "
                + "[--write: regenerate docs/benchmarks.md's results and charts] [--quick] [--cases NAMES] [--levels 0.5,0.9,...] "
                + "[--zero-cost-candidates N]",
                (config, arguments, out) -> new BenchmarkRun(config, out, BenchmarkRun.Options.fromArguments(arguments)).call()));
        commands.put("soak", new Main.Entry("the embedded stack at a steady rate for a set time, throughput, latency and heap "
                + "every 10 s [--minutes N (10)] [--rate R (20/s)] [--write: docs/reliability/soak.md and charts]",
                (config, arguments, out) -> SoakRun.fromArguments(config, out, arguments).call()));
        commands.put("bench-scalar", new Main.Entry("items/s of the ONNX reference-similarity model at batch 1, 8, 32 and "
                + "through the dynamic batcher (this machine's CPU)", (config, arguments, out) -> {
                    dev.arbiter.devserver.scalar.ScalarBatchingBench.run(out);
                    return 0;
                }));
        commands.put("eval", new Main.Entry("judge labelled pairs in both orders and report agreement and consistency: "
                + "--pairs FILE [--profile P ...] [--out DIR] [--resume] [--target HOST:PORT] "
                + "(default: arbiter.judge.target, else the embedded dev judge)",
                (config, arguments, out) -> new EvalCommand(() -> Optional.of(config.judge().target().map(EvalCommand::existing)
                        .orElseGet(() -> EmbeddedStack.devJudge(config))), config.judge(), Clock.systemUTC())
                        .run(arguments, out, out)));
        return commands;
    }
}
