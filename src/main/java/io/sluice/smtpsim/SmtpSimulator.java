package io.sluice.smtpsim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server on 127.0.0.1 whose answers are programmed per recipient domain.
 *
 * <pre>{@code
 * try (SmtpSimulator smtp = SmtpSimulator.builder()
 *         .behaviour("full.example", DomainBehaviour.defer("452 4.2.2 Mailbox full"))
 *         .build().start()) {
 *     // point the sender at 127.0.0.1:smtp.port()
 *     smtp.setBehaviour("full.example", DomainBehaviour.accept()); // the domain heals
 *     smtp.awaitAccepted(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Behaviours can be changed at any time from any thread and apply to the next {@code RCPT TO}.
 * Domains without a behaviour of their own use the default behaviour (accept, unless set).
 * Sessions are served one thread each by subethasmtp.
 */
public final class SmtpSimulator implements AutoCloseable {

    /** The only address the simulator listens on: it must never be reachable from outside. */
    public static final String HOST = "127.0.0.1";

    /** Messages kept by {@link #receivedMessages()} unless configured otherwise. */
    public static final int DEFAULT_CAPTURE_CAPACITY = 10_000;

    private final SMTPServer server;
    private final String address;
    private final SimulatorRuntime runtime;
    private final ConnectionGate gate;
    private volatile boolean started;
    private volatile boolean closed;

    private SmtpSimulator(Builder builder) {
        SimulatorCounters counters = new SimulatorCounters();
        BehaviourTable policies = new BehaviourTable(builder.clock, builder.defaultBehaviour);
        builder.behaviours.forEach(policies::set);
        this.runtime = new SimulatorRuntime(policies, counters, new MessageCapture(builder.captureCapacity),
                builder.clock, builder.maxMessageSize, new CountDownLatch(1));
        this.gate = new ConnectionGate(counters, builder.refusal);
        this.address = builder.address;
        this.server = SMTPServer.port(builder.port)
                .bindAddress(loopback(builder.address))
                .hostName(builder.hostName)
                .softwareName("Sluice SMTP simulator")
                .maxConnections(builder.maxConnections)
                .maxMessageSize(builder.maxMessageSize)
                // the capture must hold the message exactly as the client sent it
                .insertReceivedHeaders(false)
                .sessionHandler(gate)
                .messageHandlerFactory(context -> new SimulatedTransaction(context, runtime))
                .build();
    }

    /** A builder with port 0 (any free port), accept-all default and a 10,000 message capture. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting connections.
     *
     * @return this, for {@code builder().build().start()}
     * @throws IllegalStateException if already started or closed (a simulator runs once)
     */
    public synchronized SmtpSimulator start() {
        if (started || closed) {
            throw new IllegalStateException("an SmtpSimulator can be started only once");
        }
        server.start();
        started = true;
        return this;
    }

    /** The address it listens on: {@value #HOST} unless the builder named another loopback address. */
    public String host() {
        return address;
    }

    /** The port actually listened on (the free port picked when configured with 0). */
    public int port() {
        if (!started) {
            throw new IllegalStateException("not started");
        }
        return server.getPortAllocated();
    }

    /** Gives {@code domain} (case-insensitive) a behaviour; a rate limit starts a fresh window. */
    public void setBehaviour(String domain, DomainBehaviour behaviour) {
        runtime.policies().set(domain, behaviour);
    }

    /** Makes {@code domain} fall back to the default behaviour again. */
    public void clearBehaviour(String domain) {
        runtime.policies().remove(domain);
    }

    /** Sets the behaviour of every domain that has none of its own. */
    public void setDefaultBehaviour(DomainBehaviour behaviour) {
        runtime.policies().setDefault(behaviour);
    }

    /** The behaviour {@code domain} currently gets. */
    public DomainBehaviour behaviourFor(String domain) {
        return runtime.policies().behaviourFor(domain);
    }

    /**
     * Answers every new connection with {@code reply} instead of the {@code 220} greeting and
     * closes it, e.g. {@code "421 4.3.2 Service not available"}; open sessions are unaffected.
     */
    public void refuseConnectionsWith(String reply) {
        gate.refuseWith(SimulatedReply.parse(reply));
    }

    /** Greets new connections normally again after {@link #refuseConnectionsWith(String)}. */
    public void acceptConnections() {
        gate.refuseWith(null);
    }

    /** The live counters. */
    public SimulatorCounters counters() {
        return runtime.counters();
    }

    /** A snapshot of the captured messages, oldest first (at most the capture capacity). */
    public List<ReceivedMessage> receivedMessages() {
        return runtime.capture().snapshot();
    }

    /**
     * Waits until at least {@code n} messages have been accepted since start or {@link #reset()}.
     *
     * @return true when reached, false on timeout or interruption
     */
    public boolean awaitAccepted(int n, Duration timeout) {
        return runtime.counters().awaitAcceptedMessages(n, timeout);
    }

    /**
     * Zeroes the counters and empties the capture. Behaviours and their rate windows are kept.
     */
    public void reset() {
        runtime.counters().reset();
        runtime.capture().clear();
    }

    /** Stops listening and ends open sessions; delayed replies are cut short. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        runtime.closed().countDown();
        if (started) {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "SmtpSimulator[" + (started ? address + ":" + server.getPortAllocated() : "not started") + ", "
                + runtime.counters() + "]";
    }

    private static InetAddress loopback(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("the simulator listens on loopback only, not " + address);
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + address, e);
        }
    }

    /** Configures a {@link SmtpSimulator}; not thread-safe, use from one thread. */
    public static final class Builder {

        private int port;
        private String address = HOST;
        private String hostName = "smtp-simulator.sluice.local";
        private DomainBehaviour defaultBehaviour = DomainBehaviour.accept();
        private final Map<String, DomainBehaviour> behaviours = new LinkedHashMap<>();
        private SimulatedReply refusal;
        private int maxMessageSize;
        private int maxConnections = 1000;
        private int captureCapacity = DEFAULT_CAPTURE_CAPACITY;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Port to listen on; 0 (the default) picks a free one, see {@link SmtpSimulator#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Loopback address to listen on ({@value #HOST} by default): another one of 127.0.0.0/8 lets several
         * simulators share a port, as MX hosts of one domain share port 25.
         */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Name announced in the {@code 220} greeting and {@code EHLO} reply. */
        public Builder hostName(String hostName) {
            this.hostName = Objects.requireNonNull(hostName, "hostName");
            return this;
        }

        /** Behaviour of one recipient domain (case-insensitive, exact match, no subdomains). */
        public Builder behaviour(String domain, DomainBehaviour behaviour) {
            behaviours.put(BehaviourTable.normalise(domain), Objects.requireNonNull(behaviour, "behaviour"));
            return this;
        }

        /** Behaviour of domains without one of their own; accept unless set. */
        public Builder defaultBehaviour(DomainBehaviour behaviour) {
            this.defaultBehaviour = Objects.requireNonNull(behaviour, "behaviour");
            return this;
        }

        /**
         * Answers connections with {@code reply} instead of the {@code 220} greeting, e.g.
         * {@code "421 4.3.2 Service not available"}; see {@link SmtpSimulator#acceptConnections()}.
         */
        public Builder refuseConnectionsWith(String reply) {
            this.refusal = SimulatedReply.parse(reply);
            return this;
        }

        /**
         * Largest message content in bytes; bigger messages get {@code 552 5.3.4}. Also announced
         * as {@code SIZE} in the {@code EHLO} reply. 0 (the default) means unlimited.
         */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxMessageSize must be >= 0: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** Simultaneous sessions served; more connections get subethasmtp's 421. Default 1000. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * How many accepted messages {@link SmtpSimulator#receivedMessages()} keeps; later ones are
         * only counted. 0 disables the capture (load tests). Default 10,000.
         */
        public Builder captureCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("captureCapacity must be >= 0: " + capacity);
            }
            this.captureCapacity = capacity;
            return this;
        }

        /** Clock for rate-limit windows and receive times; inject one to move time in tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Creates the simulator; call {@link SmtpSimulator#start()} to listen. */
        public SmtpSimulator build() {
            return new SmtpSimulator(this);
        }
    }
}
