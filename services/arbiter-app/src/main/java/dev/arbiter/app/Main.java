package dev.arbiter.app;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.ConfigException;
import dev.arbiter.app.config.ConfigLoader;
import dev.arbiter.app.config.LaunchArguments;
import dev.arbiter.app.runtime.BenchRun;
import dev.arbiter.app.runtime.DemoRun;
import dev.arbiter.app.runtime.ServiceRun;
import java.io.PrintStream;
import java.util.List;

/**
 * Arbiter's command line. {@code demo} runs a bounded demonstration (by default on the embedded
 * stack: broker, registry, judge server, synthetic policy) and prints progress, samples and a
 * summary; {@code run} runs the reward service until it is stopped. Both read the same
 * configuration: {@code --config FILE}, {@code ARBITER_*} environment variables and
 * {@code -Dkey=value} overrides (docs/configuration.md).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        LaunchArguments launch;
        ArbiterConfig config;
        try {
            launch = LaunchArguments.parse(args);
            config = ConfigLoader.fromProcess().load(launch);
        } catch (ConfigException e) {
            err.println("arbiter: invalid configuration");
            e.problems().forEach(p -> err.println("  - " + p));
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("arbiter: " + e.getMessage());
            return 2;
        }
        List<String> rest = launch.remaining();
        String command = rest.isEmpty() ? "run" : rest.get(0);
        try {
            return switch (command) {
                case "demo" -> new DemoRun(config, out).call();
                case "run" -> new ServiceRun(config, out).call();
                case "bench" -> new BenchRun(config, out, rest.contains("--write")).call();
                case "help", "--help", "-h" -> {
                    usage(out);
                    yield 0;
                }
                default -> {
                    err.println("arbiter: unknown command '" + command + "'");
                    usage(err);
                    yield 2;
                }
            };
        } catch (Exception e) {
            err.println("arbiter: " + command + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: arbiter <command> [--config FILE] [-Dkey=value ...]
                  demo   bounded demonstration: candidates in, rewards and critiques out, then a summary
                         (embedded broker, registry and judge server unless arbiter.mode=external)
                  run    run the reward service until stopped (SIGTERM / Ctrl-C)
                  bench  throughput on the embedded stack vs the dev judge's capacity [--write: append to docs/benchmarks.md]
                configuration keys: docs/configuration.md""");
    }
}
