package dev.arbiter.judge.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds versioned templates. Templates are resources laid out as
 * {@code judge-templates/<id>/v<version>/user.txt} (plus an optional {@code system.txt}), so a
 * template change is a new version directory and old versions stay reproducible. A directory
 * on disk can override the bundled set for deployments that ship their own templates.
 */
public final class TemplateLibrary {

    private final Optional<Path> overrideDir;
    private final ClassLoader loader;

    private TemplateLibrary(Optional<Path> overrideDir, ClassLoader loader) {
        this.overrideDir = overrideDir;
        this.loader = loader;
    }

    /** The templates bundled in this jar. */
    public static TemplateLibrary bundled() {
        return new TemplateLibrary(Optional.empty(), TemplateLibrary.class.getClassLoader());
    }

    /** Templates from {@code dir} first, then the bundled ones. */
    public static TemplateLibrary withOverrides(Path dir) {
        return new TemplateLibrary(Optional.of(dir), TemplateLibrary.class.getClassLoader());
    }

    public PromptTemplate load(String id, String version) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        if (!id.matches("[a-z0-9-]+") || !version.matches("[0-9A-Za-z.-]+")) {
            throw new IllegalArgumentException("bad template id/version: " + id + " v" + version);
        }
        String base = id + "/v" + version + "/";
        String user = read(base + "user.txt")
                .orElseThrow(() -> new IllegalArgumentException("no template " + id + " v" + version));
        return new PromptTemplate(id, version, read(base + "system.txt"), user);
    }

    private Optional<String> read(String relative) {
        if (overrideDir.isPresent()) {
            Path p = overrideDir.get().resolve(relative);
            if (Files.isRegularFile(p)) {
                try {
                    return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        try (InputStream in = loader.getResourceAsStream("judge-templates/" + relative)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
