package dev.arbiter.registry.dev;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test class one real Apicurio Registry, started on first use and
 * stopped when the class finishes. Inject it as an {@link ApicurioRegistryProcess} parameter of the
 * test constructor, a {@code @BeforeAll}/{@code @BeforeEach} method or a test method:
 *
 * <pre>{@code
 * @ExtendWith(ApicurioRegistryExtension.class)
 * class MyTest {
 *     private final SchemaRegistryClient registry;
 *     MyTest(ApicurioRegistryProcess apicurio) {
 *         registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(apicurio.ccompatUrl()));
 *     }
 * }
 * }</pre>
 *
 * The runner jar comes from the system property {@code arbiter.apicurio.jar}, which the parent
 * pom's surefire configuration sets. Tests sharing the registry should use distinct subjects.
 */
public final class ApicurioRegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApicurioRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ApicurioRegistryProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // keep the registry in the class-level store so it lives exactly as long as the test class
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                "registry", key -> startRegistry(), ApicurioRegistryProcess.class);
    }

    private static ApicurioRegistryProcess startRegistry() {
        ApicurioRunnerJar jar = ApicurioRunnerJar.fromProperties(System.getProperties());
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(jar.path(), Duration.ofSeconds(90), List.of());
        registry.start();
        return registry;
    }
}
