package io.sluice.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Mustache without HTML escaping, for the subject and the text part: {@code {{recipient.lastName}}} of
 * "O'Brien" must stay "O'Brien" there, while the HTML part (default component) escapes it. Compiles each
 * distinct template once ({@link TemplateCachingMustacheFactory}).
 */
public final class UnescapedMustacheFactory extends TemplateCachingMustacheFactory {

    @Override
    public void encode(String value, Writer writer) {
        try {
            writer.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
