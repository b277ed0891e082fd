package dev.arbiter.app;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.eval.EvalCommand;
import dev.arbiter.app.config.ConfigException;
import dev.arbiter.app.config.ConfigLoader;
import dev.arbiter.app.config.LaunchArguments;
import dev.arbiter.app.runtime.Infrastructure;
import dev.arbiter.app.runtime.ServiceRun;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arbiter's command line: {@code run} runs the reward service until it is stopped, against the
 * external Kafka, registry and Triton of its configuration ({@code --config FILE},
 * {@code ARBITER_*} environment variables and {@code -Dkey=value} overrides; see
 * docs/configuration.md). The development kit adds its own commands (demo, bench, an embedded
 * run) to the same command table, so both executables parse arguments and report errors alike.
 */
public final class Main {

    /** One command: what it does with the configuration and the arguments after its name. */
    @FunctionalInterface
    public interface Command {
        int run(ArbiterConfig config, List<String> arguments, PrintStream out) throws Exception;
    }

    /** A command with the line that describes it in the usage text. */
    public record Entry(String usage, Command command) {}

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, productionCommands()));
    }

    /** The production executable's commands. */
    public static Map<String, Entry> productionCommands() {
        Map<String, Entry> commands = new LinkedHashMap<>();
        commands.put("run", new Entry("run the reward service until stopped (SIGTERM / Ctrl-C); needs arbiter.mode=external",
                (config, arguments, out) -> new ServiceRun(config, out, Infrastructure::external).call()));
        commands.put("eval", new Main.Entry("judge labelled pairs in both orders and report agreement and consistency: "
                + "--pairs FILE [--profile P ...] [--out DIR] [--resume] [--target HOST:PORT] (default: arbiter.judge.target)",
                (config, arguments, out) -> new EvalCommand(() -> config.judge().target().map(EvalCommand::existing),
                        config.judge(), Clock.systemUTC()).run(arguments, out, out)));
        return commands;
    }

    /** Parses the arguments, loads the configuration and runs the named command ({@code run} by default). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, Entry> commands) {
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
        String name = rest.isEmpty() ? "run" : rest.get(0);
        if (List.of("help", "--help", "-h").contains(name)) {
            usage(out, commands);
            return 0;
        }
        Entry entry = commands.get(name);
        if (entry == null) {
            err.println("arbiter: unknown command '" + name + "'");
            usage(err, commands);
            return 2;
        }
        try {
            return entry.command().run(config, rest.isEmpty() ? List.of() : rest.subList(1, rest.size()), out);
        } catch (IllegalArgumentException e) {
            err.println("arbiter: " + name + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("arbiter: " + name + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static void usage(PrintStream out, Map<String, Entry> commands) {
        StringBuilder text = new StringBuilder("usage: arbiter <command> [--config FILE] [-Dkey=value ...]\n");
        commands.forEach((name, entry) -> text.append(String.format("  %-6s %s%n", name, entry.usage())));
        text.append("configuration keys: docs/configuration.md");
        out.println(text);
    }
}
