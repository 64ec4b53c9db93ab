package io.sluice.message;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Mustache factory for camel-mustache's {@code allowTemplateFromHeader=true} that compiles each distinct template
 * text once.
 * <p>
 * Why: camel-mustache compiles the template of the {@code MustacheTemplate} header on every exchange (it caches
 * only resource templates, {@code contentCache}), and every message of a delivery carries the same subject, HTML
 * and text templates. The profile of {@code bench/throughput} (docs/benchmarks.md, "Profiled run (stop 3)") put
 * that compilation at ~9 % of the CPU. Plugged in through the component's own {@code mustacheFactory} option, so
 * the route and the rendering (variable map, escaping) stay camel-mustache's.
 * <p>
 * A template is found by camel-mustache's name for it ({@code "mustache:temp#" + hashCode}) and then compared in
 * full with the text read (into a per-thread buffer: no String is built on a hit), since two different templates
 * can share a hash. Compiled templates are thread-safe in mustache.java. Bounded: past {@link #MAX_TEMPLATES}
 * names the cache is emptied and refills with the templates in use.
 */
public class TemplateCachingMustacheFactory extends DefaultMustacheFactory {

    /** Distinct templates kept compiled (three per running delivery: subject, HTML, text). */
    static final int MAX_TEMPLATES = 1024;

    /** Compiled templates by camel-mustache's name ("mustache:temp#" + hash of the text), text compared in full. */
    private final ConcurrentMap<String, Compiled[]> compiled = new ConcurrentHashMap<>();
    /** Per thread: the template text read from camel-mustache's reader (no String built on a cache hit). */
    private final ThreadLocal<char[]> buffers = ThreadLocal.withInitial(() -> new char[8192]);

    private record Compiled(char[] text, Mustache mustache) {
    }

    @Override
    public Mustache compile(Reader reader, String name) {
        char[] buf = buffers.get();
        int len = 0;
        try {
            for (int n; (n = reader.read(buf, len, buf.length - len)) != -1; ) {
                len += n;
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                    buffers.set(buf);
                }
            }
        } catch (IOException e) {
            throw new MustacheException("Failed to read template " + name, e);
        }
        Compiled[] same = compiled.get(name);
        if (same != null) {
            for (Compiled c : same) {
                if (Arrays.equals(c.text, 0, c.text.length, buf, 0, len)) {
                    return c.mustache;
                }
            }
        }
        char[] text = Arrays.copyOf(buf, len);
        Mustache m = super.compile(new StringReader(new String(text)), name);
        if (compiled.size() >= MAX_TEMPLATES) {
            compiled.clear();
        }
        // two different texts may share a name (their hash): keep both
        compiled.merge(name, new Compiled[] {new Compiled(text, m)}, (old, added) -> {
            Compiled[] both = Arrays.copyOf(old, old.length + 1);
            both[old.length] = added[0];
            return both;
        });
        return m;
    }

    /** Templates compiled and kept (tests). */
    int cachedTemplates() {
        return compiled.values().stream().mapToInt(a -> a.length).sum();
    }
}
