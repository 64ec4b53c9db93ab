package io.sluice.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecipientAddressTest {

    private static final int NOT_SPECIFIED = 7;
    private static final int UNQUALIFIED = 15;

    private static final String LABEL_63 = "a".repeat(63);

    /** input, expected Campaign code, a fragment the why must contain. */
    static Stream<Arguments> malformedOrHostileAddresses() {
        return Stream.of(
                // nothing given
                Arguments.of(null, NOT_SPECIFIED, "no address"),
                Arguments.of("", NOT_SPECIFIED, "empty"),
                Arguments.of("   ", NOT_SPECIFIED, "empty"),
                Arguments.of("\t\r\n ", NOT_SPECIFIED, "empty"),
                // @ count
                Arguments.of("john.example.com", UNQUALIFIED, "no @"),
                Arguments.of("a@b@c.com", UNQUALIFIED, "more than one @"),
                Arguments.of("a＠b.com", UNQUALIFIED, "fullwidth"),
                Arguments.of("@example.com", UNQUALIFIED, "empty local part"),
                Arguments.of("john@", UNQUALIFIED, "empty domain"),
                Arguments.of("@", UNQUALIFIED, "empty local part"),
                // whitespace and quoting
                Arguments.of("john doe@example.com", UNQUALIFIED, "illegal character ' ' in local part"),
                Arguments.of("john@exa mple.com", UNQUALIFIED, "illegal character ' ' in domain"),
                Arguments.of("\"john\"@example.com", UNQUALIFIED, "quoted"),
                Arguments.of("\"a b\"@x.com", UNQUALIFIED, "quoted"),
                Arguments.of("\"a@b\"@x.com", UNQUALIFIED, "more than one @"),
                Arguments.of("john\t@example.com", UNQUALIFIED, "U+0009"),
                // header injection and control characters
                Arguments.of("a@b.com\r\nBcc: x@y.com", UNQUALIFIED, "U+000D"),
                Arguments.of("a@b.com\nBcc: x@y.com", UNQUALIFIED, "U+000A"),
                Arguments.of("a@b.com\u0000", UNQUALIFIED, "U+0000"),
                Arguments.of("a\u0000b@example.com", UNQUALIFIED, "U+0000"),
                Arguments.of("a@b.com\u007F", UNQUALIFIED, "U+007F"),
                Arguments.of("a\u0085b@example.com", UNQUALIFIED, "U+0085"),
                // unicode: no SMTPUTF8, no invisible or bidi characters
                Arguments.of("jöhn@example.com", UNQUALIFIED, "SMTPUTF8"),
                Arguments.of("用户@例子.广告", UNQUALIFIED, "SMTPUTF8"),
                Arguments.of("\uD83D\uDE00@example.com", UNQUALIFIED, "SMTPUTF8"),
                Arguments.of("a@\uD83D\uDE00.com", UNQUALIFIED, "IDNA"),
                Arguments.of("admin\u202Egro.com@example.com", UNQUALIFIED, "U+202E"),
                Arguments.of("a@exa\u200Bmple.com", UNQUALIFIED, "U+200B"),
                Arguments.of("a@b\u202Ec.com", UNQUALIFIED, "U+202E"),
                Arguments.of("a@exam\u0009ple.com", UNQUALIFIED, "U+0009"),
                Arguments.of("a@b\u3000.com", UNQUALIFIED, "letter, digit or hyphen"),
                Arguments.of("a@b\uE000.com", UNQUALIFIED, "prohibited"),
                // local part shape
                Arguments.of("x".repeat(300) + "@example.com", UNQUALIFIED, "local part longer than 64 characters"),
                Arguments.of("x".repeat(65) + "@example.com", UNQUALIFIED, "local part longer than 64 characters"),
                Arguments.of(".john@example.com", UNQUALIFIED, "starts with a dot"),
                Arguments.of("john.@example.com", UNQUALIFIED, "ends with a dot"),
                Arguments.of("john..doe@example.com", UNQUALIFIED, "consecutive dots"),
                Arguments.of("john(comment)@example.com", UNQUALIFIED, "'('"),
                Arguments.of("<john@example.com>", UNQUALIFIED, "'<'"),
                Arguments.of("John Doe <john@example.com>", UNQUALIFIED, "' '"),
                Arguments.of("john,jane@example.com", UNQUALIFIED, "','"),
                Arguments.of("john\\doe@example.com", UNQUALIFIED, "'\\'"),
                // SQL metacharacters
                Arguments.of("x';DROP TABLE NmsRecipient;--@a.com", UNQUALIFIED, "';'"),
                Arguments.of("a@b.com'--", UNQUALIFIED, "'''"),
                Arguments.of("a@b.com;", UNQUALIFIED, "';'"),
                Arguments.of("a@b.com; DROP TABLE x", UNQUALIFIED, "';'"),
                // domain shape
                Arguments.of("a@" + "a".repeat(64) + ".com", UNQUALIFIED, "domain label longer than 63 characters"),
                Arguments.of("a@ü" + "a".repeat(70) + ".de", UNQUALIFIED, "domain label longer than 63 characters"),
                Arguments.of("a@example.com..", UNQUALIFIED, "empty label"),
                Arguments.of("a@.example.com", UNQUALIFIED, "empty label"),
                Arguments.of("a@example..com", UNQUALIFIED, "empty label"),
                Arguments.of("a@bücher..de", UNQUALIFIED, "empty label"),
                Arguments.of("a@.", UNQUALIFIED, "empty domain"),
                Arguments.of("a@-x.com", UNQUALIFIED, "'-'"),
                Arguments.of("a@x-.com", UNQUALIFIED, "'-'"),
                Arguments.of("a@x", UNQUALIFIED, "at least two labels"),
                Arguments.of("a@localhost.", UNQUALIFIED, "at least two labels"),
                Arguments.of("a@[1.2.3.4]", UNQUALIFIED, "domain literal"),
                Arguments.of("a@[IPv6:2001:db8::1]", UNQUALIFIED, "domain literal"),
                Arguments.of("a@1.2.3.4", UNQUALIFIED, "all digits"),
                Arguments.of("a@under_score.com", UNQUALIFIED, "'_'"),
                Arguments.of("a@b.com%c.com", UNQUALIFIED, "'%'"),
                Arguments.of("a@b.com!c", UNQUALIFIED, "'!'"),
                Arguments.of("a@" + domainOfLength(254), UNQUALIFIED, "domain longer than 253"),
                Arguments.of("x".repeat(64) + "@" + domainOfLength(190), UNQUALIFIED, "address longer than 254"),
                Arguments.of("a@xn--bcher-kva.de\u0000", UNQUALIFIED, "U+0000"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedOrHostileAddresses")
    void shouldRejectMalformedOrHostileAddressWithCampaignReasonAndReadableWhy(String raw, int code, String whyFragment) {
        AddressCheck check = RecipientAddress.check(raw);

        assertThat(check).isInstanceOf(AddressCheck.Invalid.class);
        AddressCheck.Invalid invalid = (AddressCheck.Invalid) check;
        assertThat(invalid.failureReason()).isEqualTo(code);
        assertThat(invalid.why()).isNotBlank().contains(whyFragment);
        assertThat(invalid.why()).matches("[\\x20-\\x7E]+"); // storable: printable ASCII only
    }

    @Test
    void shouldHaveAHostileCorpusOfAtLeastFortyInputs() {
        assertThat(malformedOrHostileAddresses().count()).isGreaterThanOrEqualTo(40);
    }

    /** input, normalised address, local part, domain. */
    static Stream<Arguments> validAddresses() {
        return Stream.of(
                Arguments.of("john@example.com", "john@example.com", "john", "example.com"),
                Arguments.of("john@EXAMPLE.COM", "john@example.com", "john", "example.com"),
                Arguments.of("User@Example.COM.", "User@example.com", "User", "example.com"),
                Arguments.of("  padded@example.com \t", "padded@example.com", "padded", "example.com"),
                Arguments.of("a@bücher.de", "a@xn--bcher-kva.de", "a", "xn--bcher-kva.de"),
                Arguments.of("a@BÜCHER.DE", "a@xn--bcher-kva.de", "a", "xn--bcher-kva.de"),
                Arguments.of("a@xn--bcher-kva.de", "a@xn--bcher-kva.de", "a", "xn--bcher-kva.de"),
                Arguments.of("a@ｅｘａｍｐｌｅ.com", "a@example.com", "a", "example.com"),
                Arguments.of("o'brien@example.com", "o'brien@example.com", "o'brien", "example.com"),
                Arguments.of("john.doe+newsletter@example.com", "john.doe+newsletter@example.com",
                        "john.doe+newsletter", "example.com"),
                Arguments.of("a%b@c.com", "a%b@c.com", "a%b", "c.com"),
                Arguments.of("a!b@c.com", "a!b@c.com", "a!b", "c.com"),
                Arguments.of("!#$%&'*+/=?^_`{|}~-@example.com", "!#$%&'*+/=?^_`{|}~-@example.com",
                        "!#$%&'*+/=?^_`{|}~-", "example.com"),
                Arguments.of("first.middle.last@sub.domain.co.uk", "first.middle.last@sub.domain.co.uk",
                        "first.middle.last", "sub.domain.co.uk"),
                Arguments.of("x@123.example.com", "x@123.example.com", "x", "123.example.com"),
                Arguments.of("x@a-b.c-d.museum", "x@a-b.c-d.museum", "x", "a-b.c-d.museum"),
                Arguments.of("x".repeat(64) + "@example.com", "x".repeat(64) + "@example.com", "x".repeat(64),
                        "example.com"),
                Arguments.of("x@" + LABEL_63 + ".com", "x@" + LABEL_63 + ".com", "x", LABEL_63 + ".com"),
                Arguments.of("x".repeat(64) + "@" + domainOfLength(189), "x".repeat(64) + "@" + domainOfLength(189),
                        "x".repeat(64), domainOfLength(189)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validAddresses")
    void shouldAcceptValidAddressInNormalisedForm(String raw, String address, String localPart, String domain) {
        AddressCheck check = RecipientAddress.check(raw);

        assertThat(check).isEqualTo(new AddressCheck.Valid(address, localPart, domain));
    }

    @Test
    void shouldPreserveLocalPartCaseWhileLowerCasingDomain() {
        assertThat(RecipientAddress.check("John.DOE@Example.COM"))
                .isEqualTo(new AddressCheck.Valid("John.DOE@example.com", "John.DOE", "example.com"));
    }

    @Test
    void shouldTrimTrailingLineBreakBecauseItSurroundsTheAddressRatherThanInjectingIntoIt() {
        assertThat(RecipientAddress.check("a@b.com\r\n"))
                .isEqualTo(new AddressCheck.Valid("a@b.com", "a", "b.com"));
    }

    @Test
    void shouldNotTrimNoBreakSpaceBecauseOnlyAsciiWhitespaceIsPadding() {
        assertThat(RecipientAddress.check("\u00A0a@b.com")).isInstanceOf(AddressCheck.Invalid.class);
    }

    @Test
    void shouldNotEchoControlOrBidiCharactersInWhy() {
        AddressCheck.Invalid invalid = (AddressCheck.Invalid) RecipientAddress.check("a@b\u202E\u0007c.com");

        assertThat(invalid.why()).doesNotContain("\u202E", "\u0007").contains("U+202E");
    }

    @Test
    void shouldFailAddressWithoutAtSignAsUnqualified() {
        assertThat(RecipientAddress.check("nobody"))
                .isEqualTo(new AddressCheck.Invalid(AddressCheck.Invalid.UNQUALIFIED, "no @ in address"));
    }

    /** A domain of exactly {@code length} characters made of 63-character labels ending in ".com". */
    static String domainOfLength(int length) {
        StringBuilder domain = new StringBuilder();
        int remaining = length - ".com".length();
        while (remaining > 0) {
            int label = Math.min(63, remaining);
            if (remaining - label == 1) {
                label--; // never leave room for a lone dot
            }
            domain.append("a".repeat(label));
            remaining -= label;
            if (remaining > 0) {
                domain.append('.');
                remaining--;
            }
        }
        return domain.append(".com").toString();
    }
}
