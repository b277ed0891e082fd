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
                .contains("arbiter.kafka.topic.candidates=arbiter.candidates.v1")
                .contains("arbiter.kafka.topic.rewards=arbiter.rewards.v1")
                .contains("arbiter.kafka.topic.critiques=arbiter.critiques.v1")
                .contains("arbiter.kafka.topic.dead-letter=arbiter.dead-letter.v1")
                .contains("arbiter.http.port=8080")
                .contains("arbiter.kafka.streams.state.dir=/var/lib/arbiter/state")
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
    void judgeTlsMountsTheExistingSecretAndPointsThePropertiesAtIt() {
        List<String> docs = render(t -> t.set("judge.tls.enabled", true)
                .set("judge.tls.existingSecret", "triton-client-tls"));

        assertThat(single(docs, "StatefulSet")).contains("secretName: triton-client-tls")
                .contains("mountPath: /etc/arbiter/tls");
        assertThat(single(docs, "ConfigMap")).contains("arbiter.judge.tls.enabled=true")
                .contains("arbiter.judge.tls.trust-certificates=/etc/arbiter/tls/ca.crt");
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
