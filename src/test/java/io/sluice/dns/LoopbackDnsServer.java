package io.sluice.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real (if small) authoritative DNS server for tests: UDP on 127.0.0.1, a free port, answering from a dnsjava
 * {@link Zone} loaded from master-file text. Speaks the wire protocol, so the resolver under test goes through its
 * whole network path. Names listed in {@link #serveFailFor} get SERVFAIL. Counts the queries per "TYPE name".
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private final Zone zone;
    private final DatagramSocket socket;
    private final Thread thread;
    private final Set<Name> servFail = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public LoopbackDnsServer(String origin, String masterFile) throws IOException {
        Name o = Name.fromString(origin);
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(masterFile.getBytes(StandardCharsets.US_ASCII)), o)) {
            Record r;
            while ((r = master.nextRecord()) != null) {
                records.add(r);
            }
        }
        this.zone = new Zone(o, records.toArray(new Record[0]));
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** "127.0.0.1:port", the form of sluice.dns.servers. */
    public String hostPort() {
        return address().getAddress().getHostAddress() + ":" + address().getPort();
    }

    public void serveFailFor(String name) throws IOException {
        servFail.add(Name.fromString(name.endsWith(".") ? name : name + "."));
    }

    /** Queries received for {@code type} ("MX", "A") and {@code name} (without trailing dot). */
    public int queries(String type, String name) {
        AtomicInteger n = queries.get(type + " " + name.toLowerCase());
        return n == null ? 0 : n.get();
    }

    public int totalQueries() {
        return queries.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
                byte[] out = answer(new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()))).toWire(512);
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException | RuntimeException e) {
                // a malformed query: ignore it, as a server would
            }
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        queries.computeIfAbsent(Type.string(question.getType()) + " " + name.toString(true).toLowerCase(),
                k -> new AtomicInteger()).incrementAndGet();
        if (servFail.contains(name)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        SetResponse sr = zone.findRecords(name, question.getType());
        if (sr.isSuccessful()) {
            for (RRset set : sr.answers()) {
                set.rrs().forEach(r -> response.addRecord(r, Section.ANSWER));
            }
        } else if (sr.isCNAME()) {
            response.addRecord(sr.getCNAME(), Section.ANSWER);
        } else {
            if (sr.isNXDOMAIN()) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            response.addRecord(zone.getSOA(), Section.AUTHORITY); // negative answers carry the SOA (RFC 2308)
        }
        return response;
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
