package dev.arbiter.triton.repository;

import com.google.protobuf.TextFormat;
import dev.arbiter.triton.proto.config.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The models of a Triton model repository, read from each model directory's {@code config.pbtxt}
 * with protobuf's own text-format parser against Triton's {@code ModelConfig} schema, so a file
 * Triton would reject (an unknown field, a misspelt enum) is rejected here too, naming the file.
 * As in Triton, a model's name is its directory's name, and a {@code name:} in the file must
 * agree with it. Where the repository lives is recorded, so a server can find each model's
 * version directories (the ONNX file of {@code <model>/1/}).
 */
public final class ModelRepository {

    /** The file Triton reads in each model directory. */
    public static final String CONFIG_FILE = "config.pbtxt";
    /** Where the repository's configurations are packaged on the class path (see the dev server's build). */
    public static final String CLASSPATH_ROOT = "/triton-models";

    private final Map<String, ModelConfig> models;
    private final Optional<Path> root;

    private ModelRepository(Map<String, ModelConfig> models, Optional<Path> root) {
        if (models.isEmpty()) throw new IllegalArgumentException("a model repository with no models");
        this.models = Map.copyOf(models);
        this.root = root;
    }

    /** Reads every {@code <dir>/<model>/config.pbtxt}; directories without one are not models. */
    public static ModelRepository load(Path dir) {
        return new ModelRepository(read(dir), Optional.of(dir));
    }

    /**
     * The repository packaged on the class path under {@link #CLASSPATH_ROOT} (the project's
     * {@code triton-models/} configurations, copied there at build time), whether the classes
     * run from a directory or from a jar.
     */
    public static ModelRepository bundled() {
        URL url = ModelRepository.class.getResource(CLASSPATH_ROOT);
        if (url == null) throw new IllegalStateException(CLASSPATH_ROOT + " is not on the class path");
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) return new ModelRepository(read(Path.of(uri)), Optional.empty());
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return new ModelRepository(read(jar.getPath(CLASSPATH_ROOT)), Optional.empty());
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model repository", e);
        }
    }

    /** Parses one {@code config.pbtxt} text; {@code source} names it in errors. */
    public static ModelConfig parse(String text, String source) {
        ModelConfig.Builder b = ModelConfig.newBuilder();
        try {
            TextFormat.getParser().merge(text, b);
        } catch (TextFormat.ParseException e) {
            throw new IllegalArgumentException(source + ": not a Triton model configuration: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static Map<String, ModelConfig> read(Path dir) {
        Map<String, ModelConfig> found = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path model : entries.sorted().toList()) {
                Path file = model.resolve(CONFIG_FILE);
                if (!Files.isRegularFile(file)) continue;
                String dirName = model.getFileName().toString().replace("/", "");
                ModelConfig config = parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                if (!config.getName().isEmpty() && !config.getName().equals(dirName)) {
                    throw new IllegalArgumentException(file + ": name '" + config.getName()
                            + "' differs from its directory '" + dirName + "'");
                }
                found.put(dirName, config.toBuilder().setName(dirName).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model repository " + dir, e);
        }
        return found;
    }

    public Optional<ModelConfig> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The models' configurations, by name. */
    public List<ModelConfig> models() {
        return names().stream().map(models::get).toList();
    }

    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    /** The repository directory, when it was read from one (not from the class path). */
    public Optional<Path> root() {
        return root;
    }

    /** The same repository with every model's configuration passed through {@code change}. */
    public ModelRepository map(UnaryOperator<ModelConfig> change) {
        Map<String, ModelConfig> changed = new LinkedHashMap<>();
        models.forEach((name, config) -> changed.put(name, change.apply(config).toBuilder().setName(name).build()));
        return new ModelRepository(changed, root);
    }

    /** Whether Triton would only serve the model through the stream ({@code decoupled} transaction policy). */
    public static boolean decoupled(ModelConfig config) {
        return config.hasModelTransactionPolicy() && config.getModelTransactionPolicy().getDecoupled();
    }
}
