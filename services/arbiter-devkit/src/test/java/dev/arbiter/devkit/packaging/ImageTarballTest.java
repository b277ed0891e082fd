package dev.arbiter.devkit.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The OCI image tarball Jib builds for the production service (the {@code image} profile, which
 * {@code ./arbiter test} turns on): its configuration starts the production main as a non-root
 * user in external mode, and no layer holds a development part.
 */
@EnabledIfSystemProperty(named = "arbiter.image.tarball", matches = ".+")
class ImageTarballTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImageRunsTheProductionMainAsANonRootUserInExternalMode() throws IOException {
        Map<String, byte[]> files = outerFiles();
        JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
        assertThat(manifest.get("RepoTags").get(0).asText()).startsWith("arbiter/arbiter-app:");
        JsonNode config = JSON.readTree(files.get(manifest.get("Config").asText())).get("config");
        assertThat(JSON.convertValue(config.get("Entrypoint"), List.class))
                .containsExactly("java", "-cp", "@/app/jib-classpath-file", "dev.arbiter.app.Main");
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(JSON.convertValue(config.get("Env"), List.class)).contains("ARBITER_MODE=external");
        assertThat(config.get("Labels").get("dev.arbiter.image.base").asText()).isNotBlank();
    }

    @Test
    void noLayerHoldsADevelopmentPart() throws IOException {
        Map<String, byte[]> files = outerFiles();
        JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
        List<String> paths = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) paths.addAll(entries(files.get(layer.asText())));
        assertThat(paths).as("the service's own jars and classes are in the image")
                .anySatisfy(p -> assertThat(p).startsWith("app/libs/arbiter-streams-"))
                .anySatisfy(p -> assertThat(p).isEqualTo("app/classes/dev/arbiter/app/Main.class"));
        assertThat(paths).noneMatch(p -> p.startsWith("app/classes/") && DevelopmentParts.isDevelopmentClass(p.substring("app/classes/".length())));
        assertThat(paths).filteredOn(p -> p.startsWith("app/libs/"))
                .noneMatch(p -> DevelopmentParts.isDevelopmentJar(p.substring("app/libs/".length())));
    }

    /** The tarball's files, read once for both tests (its dependency layer is over 100 MB). */
    private static Map<String, byte[]> outer;

    private static synchronized Map<String, byte[]> outerFiles() throws IOException {
        if (outer == null) outer = readOuterFiles();
        return outer;
    }

    private static Map<String, byte[]> readOuterFiles() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(Path.of(System.getProperty("arbiter.image.tarball"))))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) files.put(e.getName(), tar.readAllBytes());
            }
        }
        return files;
    }

    private static List<String> entries(byte[] gzippedLayer) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzippedLayer));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) names.add(e.getName().replaceFirst("^/", ""));
        }
        return names;
    }
}
