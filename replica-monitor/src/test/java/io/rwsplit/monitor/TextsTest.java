package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

class TextsTest {

    private static final String LINK_FAILURE = "Communications link failure\n\nThe last packet sent successfully to the "
            + "server was 0 milliseconds ago. The driver has not received any packets from the server.";

    @Test
    void aHostNameThatDoesNotResolveIsNamedOnTheFirstLine() {
        SQLException error = new SQLNonTransientConnectionException(LINK_FAILURE, "08S01",
                new RuntimeException(LINK_FAILURE, new UnknownHostException("replica-9.db.internal")));
        String described = Texts.describe(error);
        assertThat(Texts.headline(described, 200)).isEqualTo("Communications link failure (UnknownHostException: "
                + "replica-9.db.internal)");
        assertThat(described).endsWith("The driver has not received any packets from the server.");
    }

    @Test
    void aRefusedConnectionIsToldApartFromAnUnknownHost() {
        SQLException error = new SQLException(LINK_FAILURE, "08S01", new ConnectException("Connection refused"));
        assertThat(Texts.headline(Texts.describe(error), 200))
                .isEqualTo("Communications link failure (ConnectException: Connection refused)");
    }

    @Test
    void aCauseTheMessageAlreadyGivesIsNotRepeated() {
        SQLException error = new SQLException("Access denied for user 'app'@'10.0.0.7'", "28000",
                new IllegalStateException("Access denied for user 'app'@'10.0.0.7'"));
        assertThat(Texts.describe(error)).isEqualTo("Access denied for user 'app'@'10.0.0.7'");
    }

    @Test
    void withoutACauseTheMessageAloneAndWithoutAMessageTheClass() {
        assertThat(Texts.describe(new SQLException("Lock wait timeout exceeded"))).isEqualTo(
                "Lock wait timeout exceeded");
        assertThat(Texts.describe(new SQLException())).isEqualTo("SQLException");
        assertThat(Texts.describe(new SQLException("closed", new ConnectException())))
                .isEqualTo("closed (ConnectException)");
    }

    @Test
    void headlineAndCutKeepOneLine() {
        assertThat(Texts.headline("\n  \nfirst line\nsecond", 200)).isEqualTo("first line");
        assertThat(Texts.headline(null, 10)).isEmpty();
        assertThat(Texts.cut("a\n  b", 10)).isEqualTo("a b");
        assertThat(Texts.cut("abcdefghijkl", 8)).isEqualTo("abcde...");
    }
}
