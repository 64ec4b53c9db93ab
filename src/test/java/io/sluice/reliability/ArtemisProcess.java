package io.sluice.reliability;

import io.sluice.broker.BrokerSettings;
import io.sluice.broker.EmbeddedBroker;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external ActiveMQ Artemis broker for Sluice ({@code sluice.broker.url=tcp://127.0.0.1:PORT}): a child JVM
 * running the same broker configuration as the embedded one ({@link EmbeddedBroker}: persistent journal, paging, the
 * {@code sluice.parked} queue) with a core-protocol acceptor on a free loopback port, its journal in a temporary
 * directory that outlives restarts. {@link #kill()} is {@code kill -9}; {@link #start()} again reopens the journal.
 */
final class ArtemisProcess implements AutoCloseable {

    static final String STARTED = "ARTEMIS STARTED";

    private final Path dataDir;
    private final int port;
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    ArtemisProcess() throws IOException {
        this.dataDir = Files.createTempDirectory("sluice-artemis");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    /** The child's entry point: args = journal directory, TCP port. Runs until killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(new BrokerSettings("", Path.of(args[0]), 0,
                Integer.parseInt(args[1]), "", ""));
        broker.start();
        System.out.println(STARTED + " on 127.0.0.1:" + args[1]);
        System.out.flush();
        Thread.currentThread().join();
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    ArtemisProcess start(Duration timeout) throws Exception {
        Path log = Files.createTempFile("sluice-artemis-" + logs.size() + "-", ".log");
        logs.add(log);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", SluiceProcess.testClasspath(), ArtemisProcess.class.getName(), dataDir.toString(),
                String.valueOf(port));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(STARTED)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited: " + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the broker did not start within " + timeout);
    }

    /** kill -9 and wait until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Messages of {@code sluice.parked} waiting for their scheduled time, asked through the management address. */
    long scheduledCount() throws Exception {
        return queueAttribute("scheduledCount");
    }

    /** Messages of {@code sluice.parked} in all (scheduled, ready, in delivery). */
    long messageCount() throws Exception {
        return queueAttribute("messageCount");
    }

    private long queueAttribute(String attribute) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url());
             QueueConnection connection = factory.createQueueConnection()) {
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, new ActiveMQQueue("activemq.management"));
            connection.start();
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + EmbeddedBroker.PARKED_QUEUE, attribute);
            Message reply = requestor.request(request);
            return ((Number) JMSManagementHelper.getResult(reply)).longValue();
        }
    }

    String log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : logs) {
            sb.append(Files.readString(p, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        kill();
        SluiceProcess.deleteTree(dataDir);
        if (!Boolean.getBoolean("sluice.reliability.keep-logs")) {
            for (Path p : logs) {
                Files.deleteIfExists(p);
            }
        }
    }
}
