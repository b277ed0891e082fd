package dev.arbiter.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration part of the command line: {@code --config FILE} (or {@code --config=FILE})
 * and any number of {@code -Dkey=value} overrides. Everything else is left, in order, in
 * {@link #remaining()} for the caller (sub-commands such as {@code demo}, {@code --help}).
 *
 * @param configFile optional properties file
 * @param overrides  {@code -D} values in the order given (a later one for the same key wins)
 * @param remaining  arguments that are not configuration
 */
public record LaunchArguments(Optional<Path> configFile, Map<String, String> overrides, List<String> remaining) {

    public LaunchArguments {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        remaining = List.copyOf(remaining);
    }

    /**
     * @throws IllegalArgumentException for {@code --config} without a file, a repeated
     *     {@code --config}, or a {@code -D} without {@code =}
     */
    public static LaunchArguments parse(String... args) {
        Optional<Path> file = Optional.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String path = null;
            if (arg.equals("--config")) {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--config needs a file argument");
                path = args[++i];
            } else if (arg.startsWith("--config=")) {
                path = arg.substring("--config=".length());
            } else if (arg.startsWith("-D")) {
                int eq = arg.indexOf('=');
                if (eq <= 2) throw new IllegalArgumentException("expected -Dkey=value, got '" + arg + "'");
                overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
                continue;
            } else {
                remaining.add(arg);
                continue;
            }
            if (path.isBlank()) throw new IllegalArgumentException("--config needs a file argument");
            if (file.isPresent()) throw new IllegalArgumentException("--config given twice");
            file = Optional.of(Path.of(path));
        }
        return new LaunchArguments(file, overrides, remaining);
    }
}
