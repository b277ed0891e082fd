package dev.arbiter.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on the loopback interface by binding server sockets to port 0 and releasing
 * them. There is a small race: another process may take a port between its release here and the
 * broker binding it. We accept it because the KRaft controller port must be known before start
 * ({@code controller.quorum.voters} names it) and {@code KafkaRaftServer} exposes no bound port to
 * read back; the window is a few milliseconds, and a lost race fails loudly at start with a bind
 * error rather than silently.
 */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** Returns {@code count} distinct ports that were free a moment ago. */
    static List<Integer> pickFree(int count) {
        // All sockets stay open until every port is chosen so the kernel cannot hand out one twice.
        List<ServerSocket> held = new ArrayList<>();
        try {
            InetAddress host = InetAddress.getByName(EmbeddedKafkaConfig.HOST);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, host);
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick a free port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted cannot lose data
                }
            }
        }
    }
}
