package io.sluice.dnscheck;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The lookups of the check, uncached (a pre-flight check wants what DNS says now). No such name and no data are
 * both an empty list; a server failure or timeout is an {@link IOException} naming the query.
 */
public final class DnsQuery {

    private final Resolver resolver;

    public DnsQuery(Resolver resolver) {
        this.resolver = resolver;
    }

    /** TXT strings of {@code name}, each record's strings joined (RFC 7208 3.3). */
    public List<String> txt(String name) throws IOException {
        List<String> out = new ArrayList<>();
        for (Record r : query(name, Type.TXT)) {
            if (r instanceof TXTRecord t) {
                out.add(String.join("", t.getStrings()));
            }
        }
        return out;
    }

    /** A and AAAA addresses of {@code name}. */
    public List<InetAddress> addresses(String name) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : query(name, Type.A)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress());
            }
        }
        for (Record r : query(name, Type.AAAA)) {
            if (r instanceof AAAARecord a) {
                out.add(a.getAddress());
            }
        }
        return out;
    }

    /** MX host names of {@code name} (without trailing dot; "" for a null MX). */
    public List<String> mx(String name) throws IOException {
        List<String> out = new ArrayList<>();
        for (Record r : query(name, Type.MX)) {
            if (r instanceof MXRecord m) {
                out.add(m.getTarget().toString(true));
            }
        }
        return out;
    }

    /** PTR names of {@code ip}. */
    public List<String> ptr(InetAddress ip) throws IOException {
        List<String> out = new ArrayList<>();
        for (Record r : query(ReverseMap.fromAddress(ip).toString(), Type.PTR)) {
            if (r instanceof PTRRecord p) {
                out.add(p.getTarget().toString(true));
            }
        }
        return out;
    }

    private List<Record> query(String name, int type) throws IOException {
        Name n;
        try {
            n = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IOException("'" + name + "' is not a DNS name");
        }
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(n, type, DClass.IN)));
        } catch (IOException e) {
            throw new IOException(Type.string(type) + " " + name + ": no answer (" + e.getMessage() + ")", e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new IOException(Type.string(type) + " " + name + ": " + Rcode.string(rcode));
        }
        return response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
    }
}
