package dev.arbiter.registry.serde;

import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.RegisteredSchema;
import dev.arbiter.registry.SchemaRegistryClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Delegating registry that counts id look-ups, to prove the deserializer's own cache. */
final class CountingRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final AtomicInteger getByIdCalls = new AtomicInteger();

    CountingRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    int getByIdCalls() {
        return getByIdCalls.get();
    }

    @Override public int register(String subject, Schema schema) { return delegate.register(subject, schema); }
    @Override public int lookupId(String subject, Schema schema) { return delegate.lookupId(subject, schema); }
    @Override public Schema getById(int id) { getByIdCalls.incrementAndGet(); return delegate.getById(id); }
    @Override public RegisteredSchema getLatest(String subject) { return delegate.getLatest(subject); }
    @Override public RegisteredSchema getVersion(String subject, int version) { return delegate.getVersion(subject, version); }
    @Override public List<Integer> listVersions(String subject) { return delegate.listVersions(subject); }
    @Override public boolean testCompatibility(String subject, Schema schema) { return delegate.testCompatibility(subject, schema); }
    @Override public CompatibilityLevel getCompatibility(String subject) { return delegate.getCompatibility(subject); }
    @Override public void setCompatibility(String subject, CompatibilityLevel level) { delegate.setCompatibility(subject, level); }
}
