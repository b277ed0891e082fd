package dev.arbiter.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The schema-registry operations Arbiter needs, shaped after the Confluent Schema Registry REST
 * API so that any Confluent-compatible server (Confluent, Apicurio's ccompat API, Redpanda) or
 * Confluent's own Java client, behind an adapter, can stand behind it. Implementations must be
 * thread-safe: one instance is shared by every serde of a Kafka Streams application. All failures
 * are reported as {@link SchemaRegistryException}, whose status and Confluent error code let a
 * caller tell "this id does not exist" (bad input) from "the registry is down" (retry).
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (a no-op if it is already registered there)
     * and returns its global id. The registry refuses a schema that breaks the subject's
     * compatibility level with HTTP 409.
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of {@code schema} if it is already registered under {@code subject}, without
     * registering it; throws with {@link SchemaRegistryException#isNotFound()} otherwise.
     */
    int lookupId(String subject, Schema schema);

    /** Returns the schema with global id {@code id}. Ids are immutable, so results may be cached. */
    Schema getById(int id);

    /** Returns the newest version registered under {@code subject}. */
    RegisteredSchema getLatest(String subject);

    /** Returns version {@code version} (1-based) of {@code subject}. */
    RegisteredSchema getVersion(String subject, int version);

    /** Returns the version numbers registered under {@code subject}, oldest first. */
    List<Integer> listVersions(String subject);

    /**
     * Says whether {@code schema} could be registered as the next version of {@code subject} under
     * the subject's compatibility level. A subject with no versions accepts anything.
     */
    boolean testCompatibility(String subject, Schema schema);

    /**
     * Returns the compatibility level that applies to {@code subject}: its own if one is set,
     * otherwise the registry's global default.
     */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the compatibility level of {@code subject}; allowed before its first registration. */
    void setCompatibility(String subject, CompatibilityLevel level);
}
