package dev.arbiter.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Checks the production Helm chart in {@code helm/arbiter} with the real Helm engine (helm-java
 * embeds Helm's Go library): strict lint, rendering with default values and with the optional
 * Triton judge, and rejection of invalid values by {@code values.schema.json}. No cluster is
 * involved; what the rendered manifests do on Kubernetes is not tested here.
 */
class HelmChartTest {

    // surefire runs with the module directory as working directory
    private static final Path CHART = Path.of(System.getProperty("user.dir")).resolve("../../helm/arbiter").normalize();
    private static final String RELEASE = "rel";
    private static final String NAMESPACE = "judges";

    @Test
    void chartPassesStrictLint() {
        assertThat(CHART.resolve("Chart.yaml")).exists();

        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderAStatefulSetWithStateOnItsVolumeAndStaticMembership() {
        List<String> docs = render(t -> t);

        String statefulSet = single(docs, "StatefulSet");
        assertThat(statefulSet)
                .contains("volumeClaimTemplates:")
                .contains("mountPath: /var/lib/arbiter/state")
                .contains("-Darbiter.kafka.streams.group.instance.id=$(POD_NAME)")
                .contains("path: /health/live")
                .contains("path: /health/ready")
                .contains("fieldPath: metadata.name");

        String properties = single(docs, "ConfigMap");
        assertThat(properties)
                .contains("arbiter.kafka.bootstrap-servers=kafka:9092")
                .contains("arbiter.registry.url=http://schema-registry:8081")
                .contains("arbiter.judge.target=triton:8001")
                .contains("arbiter.judge.profile=auto-j-13b-gptq")
                .contains("arbiter.judge.max-in-flight=64")
                .contains("arbiter.mode=external")
                .contains("arbiter.kafka.topics.candidates=arbiter.candidates.v1")
                .contains("arbiter.kafka.topics.rewards=arbiter.rewards.v1")
                .contains("arbiter.kafka.topics.critiques=arbiter.critiques.v1")
                .contains("arbiter.kafka.topics.dead-letter=arbiter.dead-letter.v1")
                .contains("arbiter.kafka.topics.pairwise-requests=arbiter.pairwise-requests.v1")
                .contains("arbiter.http.port=8080")
                .contains("arbiter.kafka.state-dir=/var/lib/arbiter/state")
                .doesNotContain("arbiter.judge.tls");

        assertThat(kinds(docs)).contains("Service", "PodDisruptionBudget", "ServiceAccount")
                .doesNotContain("Deployment", "ServiceMonitor");
    }

    @Test
    void tritonEnabledRendersAGpuDeploymentThatTheJudgeTargets() {
        List<String> docs = render(t -> t.set("triton.enabled", true)
                .set("triton.modelRepository.existingClaim", "judge-models")
                .set("serviceMonitor.enabled", true));

        String triton = single(docs, "Deployment");
        assertThat(triton)
                .contains("image: \"nvcr.io/nvidia/tritonserver:")
                .contains("-vllm-python-py3\"")
                .contains("nvidia.com/gpu: 1")
                .contains("--load-model=auto-j-13b-gptq")
                .contains("path: /v2/health/ready")
                .contains("containerPort: 8001")
                .contains("claimName: judge-models")
                .contains("medium: Memory");
        assertThat(single(docs, "ConfigMap"))
                .contains("arbiter.judge.target=rel-arbiter-triton." + NAMESPACE + ".svc:8001");
        List<String> monitors = docs.stream().filter(d -> kindOf(d).equals("ServiceMonitor")).toList();
        assertThat(monitors).as("one for Arbiter, one for Triton").hasSize(2)
                .allSatisfy(monitor -> assertThat(monitor).contains("arbiter.dev/metrics: \"true\""));
        assertThat(docs.stream().filter(d -> d.contains("arbiter.dev/metrics: \"true\"") && kindOf(d).equals("Service")))
                .as("exactly the Services the monitors select; the headless one is not scraped twice").hasSize(2);
    }

    @Test
    void grafanaDashboardEnabledShipsTheDashboardAsALabelledConfigMap() throws Exception {
        assertThat(render(t -> t).stream().filter(d -> d.contains("-dashboard"))).as("off by default").isEmpty();

        List<String> docs = render(t -> t.set("grafanaDashboard.enabled", true));
        String dashboard = docs.stream().filter(d -> kindOf(d).equals("ConfigMap") && d.contains("name: rel-arbiter-dashboard"))
                .findFirst().orElseThrow();
        assertThat(dashboard).contains("grafana_dashboard: \"1\"").contains("arbiter.json: |-");
        String json = java.nio.file.Files.readString(CHART.resolve("dashboards/arbiter.json"));
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(parsed.get("uid").asText()).isEqualTo("arbiter-overview");
        assertThat(dashboard).as("the whole file, embedded").contains(json.lines().filter(l -> l.contains("\"expr\"")).findFirst().orElseThrow().strip());
    }

    @Test
    void judgeTlsMountsTheExistingSecretAndPointsThePropertiesAtIt() {
        List<String> docs = render(t -> t.set("judge.tls.enabled", true)
                .set("judge.tls.existingSecret", "triton-client-tls"));

        assertThat(single(docs, "StatefulSet")).contains("secretName: triton-client-tls")
                .contains("mountPath: /etc/arbiter/tls");
        assertThat(single(docs, "ConfigMap")).contains("arbiter.judge.tls.enabled=true")
                .contains("arbiter.judge.tls.trust-cert-path=/etc/arbiter/tls/ca.crt");
    }

    @Test
    void kafkaSecretsAreMountedAndRegisteredAsADirectoryConfigProviderTheLoaderAccepts(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assertThat(single(render(t -> t), "ConfigMap")).as("off by default").doesNotContain("config.providers");
        List<String> docs = render(t -> t.set("kafka.secretsFrom", "arbiter-kafka")
                .set("extraProperties.arbiter\\.kafka\\.client\\.sasl\\.jaas\\.config", "${secrets:/etc/arbiter/kafka-secrets:jaas}"));

        assertThat(single(docs, "StatefulSet")).contains("secretName: arbiter-kafka").contains("mountPath: /etc/arbiter/kafka-secrets");
        java.nio.file.Path file = dir.resolve("arbiter.properties");
        java.nio.file.Files.writeString(file, propertiesBlock(single(docs, "ConfigMap")));
        var config = dev.arbiter.app.config.ConfigLoader.isolated().load(java.util.Optional.of(file), java.util.Map.of());
        assertThat(config.kafka().clientProperties())
                .containsEntry("config.providers", "secrets")
                .containsEntry("config.providers.secrets.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider")
                .containsEntry("sasl.jaas.config", "${secrets:/etc/arbiter/kafka-secrets:jaas}");
    }

    @Test
    void renderedPropertiesAreAcceptedByTheApplicationsOwnConfigLoader(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // The loader rejects unknown keys, so a chart that drifts from the application fails here.
        String configMap = single(render(t -> t.set("streams.extraProperties.num\\.standby\\.replicas", 1)), "ConfigMap");
        java.nio.file.Path file = dir.resolve("arbiter.properties");
        java.nio.file.Files.writeString(file, propertiesBlock(configMap));
        var config = dev.arbiter.app.config.ConfigLoader.isolated().load(java.util.Optional.of(file), java.util.Map.of());
        assertThat(config.mode()).isEqualTo(dev.arbiter.app.config.Mode.EXTERNAL);
        assertThat(config.kafka().bootstrapServers()).hasValue("kafka:9092");
        assertThat(config.kafka().topics().pairwiseResults()).isEqualTo("arbiter.pairwise-results.v1");
        assertThat(config.kafka().stateDir()).hasValue(Path.of("/var/lib/arbiter/state"));
        assertThat(config.judge().target()).hasValue("triton:8001");
        assertThat(config.registry().url()).hasValue("http://schema-registry:8081");
    }

    @Test
    void mutualTlsValuesRenderTheClientCertificateKeysTheApplicationKnows() {
        String configMap = single(render(t -> t.set("judge.tls.enabled", true).set("judge.tls.existingSecret", "s")
                .set("judge.tls.certKey", "tls.crt").set("judge.tls.keyKey", "tls.key")), "ConfigMap");
        String props = propertiesBlock(configMap);
        assertThat(props).contains("arbiter.judge.tls.client-cert-path=/etc/arbiter/tls/tls.crt")
                .contains("arbiter.judge.tls.client-key-path=/etc/arbiter/tls/tls.key");
        java.util.Set<String> keys = props.lines().filter(l -> l.contains("=") && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('='))).collect(java.util.stream.Collectors.toSet());
        assertThat(keys).allSatisfy(k -> assertThat(dev.arbiter.app.config.ArbiterSettings.isKnown(k)
                || k.startsWith("arbiter.kafka.streams.") || k.startsWith("arbiter.kafka.client.")).as(k).isTrue());
    }

    /** The arbiter.properties literal block of the ConfigMap, unindented. */
    private static String propertiesBlock(String configMap) {
        List<String> lines = configMap.lines().toList();
        int start = lines.indexOf(lines.stream().filter(l -> l.trim().equals("arbiter.properties: |")).findFirst().orElseThrow());
        StringBuilder sb = new StringBuilder();
        for (int i = start + 1; i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank()); i++) {
            sb.append(lines.get(i).strip()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void schemaRejectsInvalidValues() {
        assertThatThrownBy(() -> render(t -> t.set("judge.maxInFlight", 0)))
                .hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> render(t -> t.set("kafka.bootstrapServers", "no-port")))
                .hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> render(t -> t.set("replicaCount", "two")))
                .hasMessageContaining("replicaCount");
    }

    @Test
    void tritonWithoutAModelRepositoryIsRefused() {
        assertThatThrownBy(() -> render(t -> t.set("triton.enabled", true)))
                .hasMessageContaining("modelRepository");
    }

    private static List<String> render(UnaryOperator<TemplateCommand> values) {
        String rendered = values.apply(new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)).call();
        return Arrays.stream(rendered.split("(?m)^---\\s*$"))
                .filter(doc -> doc.contains("kind:"))
                .toList();
    }

    private static String single(List<String> docs, String kind) {
        List<String> matching = docs.stream().filter(d -> kindOf(d).equals(kind)).toList();
        assertThat(matching).as("documents of kind %s", kind).hasSize(1);
        return matching.get(0);
    }

    private static List<String> kinds(List<String> docs) {
        return docs.stream().map(HelmChartTest::kindOf).toList();
    }

    private static String kindOf(String doc) {
        return doc.lines().filter(line -> line.startsWith("kind:"))
                .map(line -> line.substring("kind:".length()).trim())
                .findFirst().orElse("");
    }
}
