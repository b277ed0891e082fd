package dev.arbiter.streams.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of arbiter-streams depend on each other one way, as the modules do. Read from the
 * sources (imports and fully-qualified names alike), the package graph must have no cycle and no
 * edge the layering in docs/architecture.md does not list. The root package wires everything and
 * nothing depends on it.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/arbiter/streams");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.arbiter\\.streams\\.([a-z]+)\\.[A-Z]");

    /** The layering: each package and the packages it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("batching", Set.<String>of()),
            Map.entry("topics", Set.<String>of()),
            Map.entry("emit", Set.<String>of()),
            Map.entry("intake", Set.<String>of()),
            Map.entry("health", Set.<String>of()),
            Map.entry("engine", Set.of("batching")),
            Map.entry("metrics", Set.of("engine", "health", "bestofn")),
            Map.entry("grading", Set.of("engine", "intake", "emit", "metrics", "health")),
            Map.entry("pairwise", Set.of("engine", "intake", "emit", "health", "topics")),
            Map.entry("probe", Set.of("intake")),
            Map.entry("bestofn", Set.of("engine", "intake", "pairwise", "health")));

    @Test
    void packagesDependOneWayAndOnlyAsTheLayeringAllows() throws IOException {
        Map<String, Set<String>> graph = graph();
        assertThat(graph.keySet()).as("every package has a place in the layering").isSubsetOf(ALLOWED.keySet());
        graph.forEach((pkg, uses) -> assertThat(uses).as(pkg + " uses").isSubsetOf(ALLOWED.get(pkg)));
        assertThat(cycle(graph)).as("a dependency cycle").isEmpty();
        assertThat(graph.values()).as("nothing depends on the root package").allSatisfy(uses -> assertThat(uses).doesNotContain(""));
    }

    @Test
    void theLayeringItselfHasNoCycle() {
        assertThat(cycle(ALLOWED)).isEmpty();
    }

    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(f.getParent());
                if (dir.toString().isEmpty()) continue; // the root package: the wiring
                String pkg = dir.toString().replace('/', '.');
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) if (!m.group(1).equals(pkg)) uses.add(m.group(1));
                if (Files.readString(f).matches("(?s).*import dev\\.arbiter\\.streams\\.[A-Z].*")) uses.add("");
            }
        }
        return graph;
    }

    /** One cycle of the graph, as the packages on it, or empty. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, graph, path, new HashSet<>(), done);
            if (!found.isEmpty()) return found;
        }
        return List.of();
    }

    private static List<String> visit(String pkg, Map<String, Set<String>> graph, List<String> path, Set<String> onPath,
                                      Set<String> done) {
        if (onPath.contains(pkg)) return new ArrayList<>(path.subList(path.indexOf(pkg), path.size()));
        if (done.contains(pkg)) return List.of();
        path.add(pkg);
        onPath.add(pkg);
        for (String next : graph.getOrDefault(pkg, Set.of())) {
            List<String> found = visit(next, graph, path, onPath, done);
            if (!found.isEmpty()) return found;
        }
        path.remove(path.size() - 1);
        onPath.remove(pkg);
        done.add(pkg);
        return List.of();
    }
}
