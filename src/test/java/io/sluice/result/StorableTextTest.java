package io.sluice.result;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void shouldFoldLineBreaksAndTabsIntoSingleSpaces() {
        assertThat(StorableText.oneLine("  a\r\n\tb  c \n", 100)).isEqualTo("a b c");
    }

    @Test
    void shouldReplaceControlAndBidiCharactersWithQuestionMarks() {
        assertThat(StorableText.oneLine("a\u0000b\u001Bc\u202Ed", 100)).isEqualTo("a?b?c?d");
    }

    @Test
    void shouldCutToMaximumLengthWithoutSplittingSurrogatePair() {
        assertThat(StorableText.oneLine("abcdef", 3)).isEqualTo("abc");
        assertThat(StorableText.oneLine("ab\uD83D\uDE00", 3)).isEqualTo("ab");
    }

    @Test
    void shouldGiveEmptyTextForNull() {
        assertThat(StorableText.oneLine(null, 10)).isEmpty();
    }
}
