package io.sluice.message;

import io.sluice.testsupport.TestClock;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery's templates are read from the campaign database once and shared by its messages for the max age, then
 * read again (an edit shows); a delivery that does not exist has no content.
 */
class DeliveryContentsTest {

    @Test
    void shouldReadADeliverysTemplatesOnceAndAgainAfterTheMaxAge() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().subject("Hi {{recipient.firstName}}").html("<p>Hello</p>").text("Hello")
                    .create();
            TestClock clock = TestClock.at();
            DeliveryContents contents = new DeliveryContents(db.dataSource(), clock, Duration.ofSeconds(30));

            DeliveryContents.Content first = contents.of(delivery);
            assertThat(first.subject()).isEqualTo("{{#body}}Hi {{recipient.firstName}}{{/body}}");
            assertThat(first.html()).isEqualTo("{{#body}}<p>Hello</p>{{/body}}");
            assertThat(first.text()).isEqualTo("{{#body}}Hello{{/body}}");

            campaign.execute("UPDATE NmsDelivery SET mHtml = '<p>Edited</p>' WHERE iDeliveryId = " + delivery);
            clock.advanceSeconds(30);
            assertThat(contents.of(delivery)).as("within the max age: the same content, not read again")
                    .isSameAs(first);
            clock.advanceSeconds(1);
            assertThat(contents.of(delivery).html()).isEqualTo("{{#body}}<p>Edited</p>{{/body}}");
        }
    }

    @Test
    void shouldGiveAnEmptyTextPartOnlyToADeliveryWithoutHtml() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            Campaign campaign = new Campaign(db.dataSource());
            long htmlOnly = campaign.delivery().subject("S").html("<p>x</p>").text(null).create();
            long nothing = campaign.delivery().subject(null).html(null).text(null).create();
            DeliveryContents contents = new DeliveryContents(db.dataSource(), TestClock.at(), Duration.ZERO);

            assertThat(contents.of(htmlOnly).text()).isNull();
            assertThat(contents.of(nothing).html()).isNull();
            assertThat(contents.of(nothing).text()).isEqualTo("{{#body}}{{/body}}");
            assertThat(contents.of(nothing).subject()).isEqualTo("{{#body}}{{/body}}");
            assertThat(contents.of(Long.MAX_VALUE)).as("no such delivery").isNull();
        }
    }
}
