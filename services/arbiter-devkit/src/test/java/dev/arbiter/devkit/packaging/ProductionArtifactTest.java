package dev.arbiter.devkit.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production artifact (services/arbiter-app: the jar the image and the Helm chart run, and
 * the runtime dependencies Maven copies next to it) carries no development part: no Kafka broker,
 * no development judge, no registry launcher or in-memory registry, no demo. Read from what the
 * build packaged, which the reactor builds before this module's tests run.
 */
class ProductionArtifactTest {

    private static final Path TARGET = Path.of("../arbiter-app/target");

    @Test
    void theProductionClassPathHoldsTheServiceAndNoDevelopmentArtifact() throws IOException {
        List<String> classPath = manifestClassPath();
        assertThat(classPath).as("the manifest's class path").isNotEmpty()
                .anySatisfy(j -> assertThat(j).startsWith("lib/arbiter-streams-"))
                .anySatisfy(j -> assertThat(j).startsWith("lib/triton-client-"))
                .anySatisfy(j -> assertThat(j).startsWith("lib/registry-client-"))
                .anySatisfy(j -> assertThat(j).startsWith("lib/kafka-streams-"));
        List<String> copied = libraryJars();
        assertThat(copied).as("target/lib matches the manifest").containsExactlyInAnyOrderElementsOf(
                classPath.stream().map(j -> j.substring("lib/".length())).toList());
        for (String jar : copied) {
            assertThat(DevelopmentParts.isDevelopmentJar(jar)).as(jar).isFalse();
            assertThat(jar).as("no test jar").doesNotEndWith("-tests.jar");
        }
    }

    @Test
    void noJarOfTheProductionArtifactContainsDevelopmentCode() throws IOException {
        List<Path> jars = new ArrayList<>();
        jars.add(TARGET.resolve("arbiter-app.jar"));
        libraryJars().forEach(j -> jars.add(TARGET.resolve("lib").resolve(j)));
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.stream().map(e -> e.getName()))
                        .as(jar.getFileName().toString())
                        .noneMatch(DevelopmentParts::isDevelopmentClass);
            }
        }
    }

    private static List<String> manifestClassPath() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("arbiter-app.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.arbiter.app.Main");
            return Arrays.asList(jar.getManifest().getMainAttributes().getValue("Class-Path").trim().split("\\s+"));
        }
    }

    private static List<String> libraryJars() throws IOException {
        try (Stream<Path> files = Files.list(TARGET.resolve("lib"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }
}
