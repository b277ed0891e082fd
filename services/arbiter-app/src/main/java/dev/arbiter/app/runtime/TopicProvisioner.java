package dev.arbiter.app.runtime;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import dev.arbiter.kafka.admin.ServingPartitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Arbiter's external topics when they do not exist yet, with the configured partition
 * count and replication factor. Existing topics are left exactly as they are: in production
 * topics are usually owned by the platform team, and Arbiter must not fight their settings.
 */
public final class TopicProvisioner {

    private final Properties adminProperties;
    private final Duration timeout;

    public TopicProvisioner(Properties adminProperties, Duration timeout) {
        this.adminProperties = adminProperties;
        this.timeout = timeout;
    }

    /** Ensures each topic exists; returns the names that were created, once their partitions are served. */
    public List<String> ensure(Collection<String> topics, int partitions, short replication) {
        try (Admin admin = connect()) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) missing.add(new NewTopic(t, partitions, replication));
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e :
                    admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) throw ex; // another instance won the race
                }
            }
            // Our Streams producers and the demo load write to these at once; see ServingPartitions.
            ServingPartitions.await(admin, created, timeout);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException auth) {
                // A credentials problem looks like an unreachable cluster in most client logs; name it.
                throw new IllegalStateException("Kafka at " + adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + " refused the service's credentials (" + auth.getClass().getSimpleName() + ": " + auth.getMessage()
                        + "); check arbiter.kafka.client.security.protocol, sasl.mechanism, sasl.jaas.config and ssl.*", auth);
            }
            throw new IllegalStateException("could not create topics " + topics + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first Kafka client of a start-up: one Kafka refuses to build (a config provider's secrets
     * file that is not mounted, a setting it cannot parse) fails here before any call to Kafka, and
     * Kafka's own message for it is "Failed to create new KafkaAdminClient"; the causes say why.
     */
    private Admin connect() {
        try {
            return Admin.create(adminProperties);
        } catch (KafkaException e) {
            StringBuilder why = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null) why.append(why.isEmpty() ? "" : ": ").append(t.getMessage());
            }
            throw new IllegalStateException("could not create a Kafka client from the service's settings (" + why
                    + "); check arbiter.kafka.bootstrap-servers and arbiter.kafka.client.*", e);
        }
    }
}
