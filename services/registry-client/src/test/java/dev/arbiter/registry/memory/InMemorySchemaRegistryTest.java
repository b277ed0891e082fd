package dev.arbiter.registry.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.RegisteredSchema;
import dev.arbiter.registry.SchemaRegistryException;
import dev.arbiter.registry.testdata.Candidates;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.DeadLetter;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema CURRENT = CandidateGeneration.getClassSchema();
    private static final Schema REQUIRED_ADDED = Candidates.withExtraField("{\"name\":\"x\",\"type\":\"int\"}");
    private static final Schema OPTIONAL_ADDED =
            Candidates.withExtraField("{\"name\":\"x\",\"type\":[\"null\",\"int\"],\"default\":null}");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void idsAreSequentialAndSharedByIdenticalSchemasAcrossSubjects() {
        int first = registry.register("a-value", CURRENT);
        int second = registry.register("b-value", DeadLetter.getClassSchema());
        int shared = registry.register("c-value", CURRENT);

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(shared).isEqualTo(1);
        assertThat(registry.register("a-value", CURRENT)).isEqualTo(1);
        assertThat(registry.listVersions("a-value")).containsExactly(1);
        assertThat(registry.getById(2)).isEqualTo(DeadLetter.getClassSchema());
    }

    @Test
    void subjectsDefaultToBackwardAndRefuseARequiredNewField() {
        registry.register("a-value", CURRENT);

        assertThat(registry.getCompatibility("a-value")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibility("a-value", REQUIRED_ADDED)).isFalse();
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> registry.register("a-value", REQUIRED_ADDED));
        assertThat(e.isIncompatible()).isTrue();

        int v2 = registry.register("a-value", OPTIONAL_ADDED);
        assertThat(registry.getLatest("a-value")).isEqualTo(new RegisteredSchema("a-value", v2, 2, OPTIONAL_ADDED));
        assertThat(registry.getVersion("a-value", 1).schema()).isEqualTo(CURRENT);
    }

    @Test
    void levelNoneAcceptsAnyChangeAndForwardChecksTheOtherDirection() {
        registry.setCompatibility("none-value", CompatibilityLevel.NONE);
        registry.register("none-value", CURRENT);
        assertThat(registry.register("none-value", REQUIRED_ADDED)).isPositive();

        registry.setCompatibility("fwd-value", CompatibilityLevel.FORWARD);
        registry.register("fwd-value", REQUIRED_ADDED);
        // old readers (requiring x) cannot read data from a writer without x
        assertThat(registry.testCompatibility("fwd-value", CURRENT)).isFalse();
    }

    @Test
    void unknownIdsSubjectsAndVersionsUseConfluentErrorCodes() {
        registry.register("a-value", CURRENT);

        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> registry.getById(99)).errorCode())
                .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> registry.getLatest("nope")).errorCode())
                .isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> registry.getVersion("a-value", 2)).errorCode())
                .isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> registry.lookupId("a-value", OPTIONAL_ADDED))
                .isNotFound()).isTrue();
    }
}
