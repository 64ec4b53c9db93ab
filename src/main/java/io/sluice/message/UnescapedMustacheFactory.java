package io.sluice.message;

import com.github.mustachejava.DefaultMustacheFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Mustache without HTML escaping, for the subject and the text part: {@code {{recipient.lastName}}} of
 * "O'Brien" must stay "O'Brien" there, while the HTML part (default component) escapes it.
 */
public final class UnescapedMustacheFactory extends DefaultMustacheFactory {

    @Override
    public void encode(String value, Writer writer) {
        try {
            writer.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
