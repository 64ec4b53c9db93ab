package io.sluice.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class UnsubscribeTokenTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";

    private final UnsubscribeSettings settings = UnsubscribeSettings.of("https://u.example.com/unsubscribe/", SECRET,
            "127.0.0.1", 8182, "unsubscribe@example.com");
    private final ListUnsubscribe headers = new ListUnsubscribe(settings);

    @Test
    void shouldRoundTripATokenAndRejectTamperedOnes() {
        String token = headers.tokens().create(42, 7);
        assertThat(token).hasSize(UnsubscribeToken.LENGTH);
        assertThat(headers.tokens().verify(token)).contains(new UnsubscribeToken.Target(42, 7));
        char last = token.charAt(10);
        String changed = token.substring(0, 10) + (last == 'A' ? 'B' : 'A') + token.substring(11);
        assertThat(headers.tokens().verify(changed)).isEmpty();
        assertThat(headers.tokens().verify("x".repeat(10_000))).isEmpty();
        assertThat(headers.tokens().verify("!".repeat(UnsubscribeToken.LENGTH))).isEmpty();
        UnsubscribeSettings other = UnsubscribeSettings.of("https://u.example.com/unsubscribe", SECRET + "x",
                "127.0.0.1", 8182, "");
        assertThat(new ListUnsubscribe(other).tokens().verify(token)).isEmpty();
    }

    @Test
    void shouldWriteBothHeadersWithTheListenerPath() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        headers.addTo(m, 42, 7);
        String value = m.getHeader(ListUnsubscribe.HEADER, null);
        assertThat(value).startsWith("<https://u.example.com/unsubscribe/" + headers.tokens().create(42, 7) + ">,")
                .contains("\r\n <mailto:unsubscribe@example.com?subject=unsubscribe-");
        assertThat(m.getHeader(ListUnsubscribe.POST_HEADER, null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(settings.listenPath()).isEqualTo("/unsubscribe");
    }

    @Test
    void shouldRefuseHostileSettings() {
        assertThatThrownBy(() -> UnsubscribeSettings.of("https://u.example.com/x\r\nBcc: a@b", SECRET, "127.0.0.1", 8182, ""))
                .hasMessageContaining("sluice.unsubscribe.base-url").hasMessageContaining("\\r\\n");
        assertThatThrownBy(() -> UnsubscribeSettings.of("ftp://u.example.com/x", SECRET, "127.0.0.1", 8182, ""))
                .hasMessageContaining("sluice.unsubscribe.base-url");
        assertThatThrownBy(() -> UnsubscribeSettings.of("https://u.example.com/x", "", "127.0.0.1", 8182, ""))
                .hasMessageContaining("sluice.unsubscribe.secret is required");
        assertThatThrownBy(() -> UnsubscribeSettings.of("https://u.example.com/x", "short", "127.0.0.1", 8182, ""))
                .hasMessageContaining("too short").hasMessageNotContaining("short'");
        assertThatThrownBy(() -> UnsubscribeSettings.of("", "", "127.0.0.1", 8182, "a@b.c"))
                .hasMessageContaining("sluice.unsubscribe.mailto");
        assertThat(UnsubscribeSettings.of("http://u.example.com", SECRET, "127.0.0.1", 8182, "").plainHttp()).isTrue();
        assertThat(UnsubscribeSettings.of(" ", "", "127.0.0.1", 8182, "").enabled()).isFalse();
    }

    @Test
    void shouldRecogniseTheOneClickBody() {
        assertThat(UnsubscribeRequests.oneClick("application/x-www-form-urlencoded", "List-Unsubscribe=One-Click")).isTrue();
        assertThat(UnsubscribeRequests.oneClick("multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n")).isTrue();
        assertThat(UnsubscribeRequests.oneClick("application/x-www-form-urlencoded", "List-Unsubscribe=No")).isFalse();
        assertThat(UnsubscribeRequests.oneClick("", null)).isFalse();
    }
}
