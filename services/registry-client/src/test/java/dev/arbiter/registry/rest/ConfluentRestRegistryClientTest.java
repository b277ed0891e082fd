package dev.arbiter.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.RegisteredSchema;
import dev.arbiter.registry.SchemaRegistryException;
import dev.arbiter.registry.dev.ApicurioRegistryExtension;
import dev.arbiter.registry.dev.ApicurioRegistryProcess;
import dev.arbiter.registry.testdata.Candidates;
import dev.arbiter.schema.CandidateGeneration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST client against a real Apicurio Registry speaking the Confluent API. */
@ExtendWith(ApicurioRegistryExtension.class)
class ConfluentRestRegistryClientTest {

    private static final Schema CURRENT = CandidateGeneration.getClassSchema();
    /** Adds a field without default: a BACKWARD-incompatible change. */
    private static final Schema WITH_REQUIRED_FIELD =
            Candidates.withExtraField("{\"name\":\"judge_hint\",\"type\":\"string\"}");
    /** Adds an optional field with a default: a BACKWARD-compatible change. */
    private static final Schema WITH_OPTIONAL_FIELD =
            Candidates.withExtraField("{\"name\":\"judge_hint\",\"type\":[\"null\",\"string\"],\"default\":null}");

    private final ApicurioRegistryProcess apicurio;
    private final ConfluentRestRegistryClient client;
    private final String subject;

    ConfluentRestRegistryClientTest(ApicurioRegistryProcess apicurio, TestInfo test) {
        this.apicurio = apicurio;
        this.client = newClient();
        this.subject = test.getTestMethod().orElseThrow().getName() + "-value";
    }

    private ConfluentRestRegistryClient newClient() {
        return new ConfluentRestRegistryClient(RegistryClientConfig.of(apicurio.ccompatUrl()));
    }

    @Test
    void reRegisteringTheSameSchemaReturnsTheSameId() {
        int id = client.register(subject, CURRENT);
        // a second client has no cache, so the registry itself must answer with the same id
        int again = newClient().register(subject, CURRENT);

        assertThat(id).isPositive();
        assertThat(again).isEqualTo(id);
        assertThat(client.listVersions(subject)).containsExactly(1);
    }

    @Test
    void registerIsCachedPerSubjectAndSchema() {
        client.register(subject, CURRENT);
        long afterFirst = client.requestsSent();

        client.register(subject, CURRENT);
        client.lookupId(subject, CURRENT);

        assertThat(client.requestsSent()).isEqualTo(afterFirst);
    }

    @Test
    void getByIdRoundTripsTheSchemaAndServesRepeatsFromCache() {
        int id = client.register(subject, CURRENT);
        ConfluentRestRegistryClient reader = newClient();

        Schema fetched = reader.getById(id);
        long afterFirst = reader.requestsSent();
        Schema again = reader.getById(id);

        assertThat(fetched).isEqualTo(CURRENT);
        assertThat(afterFirst).isEqualTo(1);
        assertThat(reader.requestsSent()).isEqualTo(1);
        assertThat(again).isSameAs(fetched);
    }

    @Test
    void unknownSchemaIdFailsWithTypedNotFound40403() {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(987_654));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(e.isSchemaNotFound()).isTrue();
        assertThat(e.isUnavailable()).isFalse();
    }

    @Test
    void unknownSubjectFailsWithTypedNotFound40401() {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.listVersions(subject));

        assertThat(e.isSubjectNotFound()).isTrue();
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void subjectVersionsAreListedAndEachVersionIsRetrievable() {
        int v1 = client.register(subject, CURRENT);
        int v2 = client.register(subject, WITH_OPTIONAL_FIELD);

        assertThat(client.listVersions(subject)).containsExactly(1, 2);
        RegisteredSchema first = newClient().getVersion(subject, 1);
        RegisteredSchema latest = newClient().getLatest(subject);
        assertThat(first).isEqualTo(new RegisteredSchema(subject, v1, 1, CURRENT));
        assertThat(latest).isEqualTo(new RegisteredSchema(subject, v2, 2, WITH_OPTIONAL_FIELD));
        assertThat(v2).isNotEqualTo(v1);
    }

    @Test
    void lookupIdFindsARegisteredSchemaButDoesNotRegisterANewOne() {
        int id = client.register(subject, CURRENT);

        assertThat(newClient().lookupId(subject, CURRENT)).isEqualTo(id);
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> newClient().lookupId(subject, WITH_OPTIONAL_FIELD));
        assertThat(e.isNotFound()).isTrue();
        assertThat(client.listVersions(subject)).containsExactly(1);
    }

    @Test
    void backwardCompatibilityIsSetAndEnforced() {
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        client.register(subject, CURRENT);

        assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.testCompatibility(subject, WITH_REQUIRED_FIELD)).isFalse();
        assertThat(client.testCompatibility(subject, WITH_OPTIONAL_FIELD)).isTrue();

        SchemaRegistryException refused = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register(subject, WITH_REQUIRED_FIELD));
        assertThat(refused.isIncompatible()).isTrue();
        assertThat(refused.httpStatus()).isEqualTo(409);

        int accepted = client.register(subject, WITH_OPTIONAL_FIELD);
        assertThat(client.getLatest(subject).id()).isEqualTo(accepted);
        assertThat(client.listVersions(subject)).containsExactly(1, 2);
    }

    @Test
    void subjectWithoutItsOwnLevelReportsTheGlobalDefault() {
        client.register(subject, CURRENT);

        // Apicurio's global default is NONE (Confluent's is BACKWARD)
        assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.register(subject, WITH_REQUIRED_FIELD)).isPositive();
    }

    @Test
    void aSubjectWithNoVersionsAcceptsAnySchemaInCompatibilityTests() {
        assertThat(client.testCompatibility(subject, WITH_REQUIRED_FIELD)).isTrue();
    }
}
