package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.result.FailureReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the report classes a row's last failure: a row failed for its address is no trouble of its domain. */
class FailureClassesTest {

    @Test
    void shouldCountAnAddressFailedBeforeSendingAsHardNotAsAConnectionFailure() {
        assertThat(FailureClasses.classify("Unqualified address: no @ in address", FailureReason.UNQUALIFIED.code()))
                .isEqualTo(ErrorClass.HARD);
        assertThat(FailureClasses.classify("Address in quarantine", FailureReason.QUARANTINE.code()))
                .isEqualTo(ErrorClass.HARD);
        assertThat(FailureClasses.isBad("Address not specified: address is empty",
                FailureReason.ADDRESS_NOT_SPECIFIED.code())).isFalse();
    }

    @Test
    void shouldKeepConnectionAndInternalFailuresAndSmtpReplies() {
        assertThat(FailureClasses.classify("Connection refused (mx.example:25)", FailureReason.UNREACHABLE.code()))
                .isEqualTo(ErrorClass.CONNECTION);
        assertThat(FailureClasses.classify("Internal error: database", FailureReason.ERROR_IGNORED.code()))
                .isEqualTo(ErrorClass.INTERNAL);
        assertThat(FailureClasses.classify("421 4.7.0 Try again later", FailureReason.REFUSED.code()))
                .isEqualTo(ErrorClass.DEFERRAL);
        assertThat(FailureClasses.classify("550 5.1.1 User unknown", FailureReason.USER_UNKNOWN.code()))
                .isEqualTo(ErrorClass.HARD);
    }
}
