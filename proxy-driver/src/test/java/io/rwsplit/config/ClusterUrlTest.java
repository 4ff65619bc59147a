package io.rwsplit.config;

import static io.rwsplit.config.Configs.parse;
import static io.rwsplit.config.Configs.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.monitor.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterUrlTest {

    private static final String SHAPE =
            "jdbc:rwsplit:mysql://primary[:port][,replica[:port]...][/database][?key=value&...]";

    @Test
    void takesTheFirstHostAsPrimaryAndTheRestAsReplicasInUrlOrder() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://db-p:3306,db-r1:3307,db-r2:3308/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("db-p", 3306));
        assertThat(config.replicas()).containsExactly(new Endpoint("db-r1", 3307), new Endpoint("db-r2", 3308));
        assertThat(config.database()).isEqualTo("app");
    }

    @Test
    void defaultsEveryPortTo3306() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://p,r1,r2:3310/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("p", 3306));
        assertThat(config.replicas()).containsExactly(new Endpoint("r1", 3306), new Endpoint("r2", 3310));
    }

    @Test
    void allowsAPrimaryWithoutReplicas() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://only:3306/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("only", 3306));
        assertThat(config.replicas()).isEmpty();
    }

    @Test
    void readsIpv6AddressesInBrackets() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://[::1]:3307,[fe80::1],[2001:db8::7]:3309/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("::1", 3307));
        assertThat(config.primary()).hasToString("[::1]:3307");
        assertThat(config.replicas()).containsExactly(new Endpoint("fe80::1", 3306),
                new Endpoint("2001:db8::7", 3309));
    }

    @Test
    void readsConnectorJsAddressFormWithSourceAndReplicaTypes() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://address=(host=r1)(port=3307)(type=replica),"
                + "address=(host=p)(type=source),address=(host=r2)(port=3308)/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("p", 3306));
        assertThat(config.replicas()).containsExactly(new Endpoint("r1", 3307), new Endpoint("r2", 3308));
    }

    @Test
    void acceptsPrimaryAsASynonymOfSourceInAnyCase() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://r1,ADDRESS=(HOST=p)(TYPE=Primary)/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("p", 3306));
        assertThat(config.replicas()).containsExactly(new Endpoint("r1", 3306));
    }

    @Test
    void takesTheFirstUntypedHostAsPrimaryWhenNoneIsTypedSource() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://address=(host=r1)(type=replica),p:3310,r2/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("p", 3310));
        assertThat(config.replicas()).containsExactly(new Endpoint("r1", 3306), new Endpoint("r2", 3306));
    }

    @Test
    void readsConnectorJsKeyValueHostForm() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://(host=r1,port=3310,type=replica),p/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("p", 3306));
        assertThat(config.replicas()).containsExactly(new Endpoint("r1", 3310));
    }

    @Test
    void readsIpv6InTheAddressFormWithOrWithoutBrackets() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://address=(host=::1)(port=3307),"
                + "address=(host=[::2])(type=replica)/app");

        assertThat(config.primary()).isEqualTo(new Endpoint("::1", 3307));
        assertThat(config.replicas()).containsExactly(new Endpoint("::2", 3306));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:rwsplit:mysql://p:3306", "jdbc:rwsplit:mysql://p:3306/",
        "jdbc:rwsplit:mysql://p:3306/?user=app", "jdbc:rwsplit:mysql://p:3306?user=app"})
    void allowsTheDatabaseToBeAbsent(String url) {
        DriverConfig config = parse(url);

        assertThat(config.database()).isEmpty();
        assertThat(config.primary()).isEqualTo(new Endpoint("p", 3306));
    }

    @Test
    void decodesTheDatabaseAsConnectorJDoes() {
        assertThat(parse("jdbc:rwsplit:mysql://p/my%20db").database()).isEqualTo("my db");
        assertThat(parse("jdbc:rwsplit:mysql://p/caf%C3%A9").database()).isEqualTo("café");
    }

    @Test
    void decodesQueryValues() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://p/app?user=app&password=a%26b%3Dc%25&note=a+b"
                + "&euro=%E2%82%AC&rwsplit.clusterName=orders%20db");

        assertThat(config.backendProperties())
                .containsEntry("password", "a&b=c%")
                .containsEntry("note", "a b")
                .containsEntry("euro", "€");
        assertThat(config.clusterName()).isEqualTo("orders db");
    }

    @Test
    void decodesPercentEncodedQueryKeys() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://p/app?rwsplit.max%52eplicaLag=2s&ssl%4Dode=REQUIRED");

        assertThat(config.maxReplicaLag()).hasMillis(2000);
        assertThat(config.backendProperties()).containsEntry("sslMode", "REQUIRED");
    }

    @Test
    void letsALaterDuplicateInTheUrlWin() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://p/app?sslMode=DISABLED&sslMode=REQUIRED"
                + "&rwsplit.poolMaxSize=5&rwsplit.poolMaxSize=7");

        assertThat(config.backendProperties()).containsEntry("sslMode", "REQUIRED");
        assertThat(config.poolMaxSize()).isEqualTo(7);
    }

    @Test
    void setsNothingForAUrlKeyWithoutEqualsAsConnectorJDoes() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://p/app?useServerPrepStmts&&connectTimeout=");

        assertThat(config.backendProperties()).doesNotContainKey("useServerPrepStmts")
                .containsEntry("connectTimeout", "");
    }

    @Test
    void dropsAFragment() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://p/app?sslMode=REQUIRED#ignored");

        assertThat(config.backendProperties()).containsEntry("sslMode", "REQUIRED").hasSize(1);
        assertThat(parse("jdbc:rwsplit:mysql://p/app#x").database()).isEqualTo("app");
    }

    @Test
    void acceptsOnlyItsOwnPrefix() {
        assertThat(DriverConfig.accepts("jdbc:rwsplit:mysql://p/app")).isTrue();
        assertThat(DriverConfig.accepts("jdbc:rwsplit:mysql:")).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"jdbc:mysql://p/app", "jdbc:mysql:replication://p,r/app", "jdbc:rwsplit:postgresql://p/db",
        "jdbc:rwsplit:", "JDBC:RWSPLIT:MYSQL://p/app", " jdbc:rwsplit:mysql://p/app", "rwsplit:mysql://p/app"})
    void rejectsForeignUrls(String url) {
        assertThat(DriverConfig.accepts(url)).isFalse();
    }

    @Test
    void reportsAForeignUrlGivenToParse() {
        assertThat(problems("jdbc:mysql://p/app?password=s3cr3t")).isEqualTo(
                "rwsplit: invalid configuration (1 problem): not an rwsplit URL: "
                        + "\"jdbc:mysql://p/app?password=<masked>\"; expected " + SHAPE);
        assertThat(problems(null)).contains("not an rwsplit URL: null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:rwsplit:mysql:p/app | URL must go on with \"//\" after \"jdbc:rwsplit:mysql:\", as in " + SHAPE,
        "jdbc:rwsplit:mysql:///app | URL has no host; expected " + SHAPE,
        "jdbc:rwsplit:mysql:// | URL has no host; expected " + SHAPE,
        "jdbc:rwsplit:mysql://?user=x | URL has no host; expected " + SHAPE,
        "jdbc:rwsplit:mysql://p:33o6/app | host \"p:33o6\": port \"33o6\" is not a number",
        "jdbc:rwsplit:mysql://p:3306,r1:70000/app | host \"r1:70000\": port 70000 is not between 1 and 65535",
        "jdbc:rwsplit:mysql://p:0/app | host \"p:0\": port 0 is not between 1 and 65535",
        "jdbc:rwsplit:mysql://p:99999999999/app | host \"p:99999999999\": port 99999999999 is not between 1 and 65535",
        "jdbc:rwsplit:mysql://p:-1/app | host \"p:-1\": port \"-1\" is not a number",
        "jdbc:rwsplit:mysql://p:/app | host \"p:\": the port after \":\" is empty",
        "jdbc:rwsplit:mysql://:3306/app | host \":3306\": the host name is empty",
        "jdbc:rwsplit:mysql://p:3306,,r2:3306/app | empty host in the list \"p:3306,,r2:3306\"",
        "jdbc:rwsplit:mysql://p:3306,/app | empty host in the list \"p:3306,\"",
        "jdbc:rwsplit:mysql://,p/app | empty host in the list \",p\"",
        "jdbc:rwsplit:mysql://[::1:3306/app | host \"[::1:3306\": unclosed \"[\"",
        "jdbc:rwsplit:mysql://[]:3306/app | host \"[]:3306\": the host name is empty",
        "jdbc:rwsplit:mysql://[::1]3306/app | host \"[::1]3306\": expected \":port\" after \"]\"",
        "jdbc:rwsplit:mysql://::1/app | host \"::1\": an IPv6 address must be in brackets, as in [::1]:3306",
        "jdbc:rwsplit:mysql://p:3306,p:3306/app | host p:3306 is listed twice",
        "jdbc:rwsplit:mysql://p,r1,R1:3306/app | host R1:3306 is listed twice",
        "jdbc:rwsplit:mysql://address=(host=p)(port=x)/app | host \"address=(host=p)(port=x)\": "
                + "port \"x\" is not a number",
        "jdbc:rwsplit:mysql://address=(port=3306)/app | host \"address=(port=3306)\": host= is missing",
        "jdbc:rwsplit:mysql://address=(host=p)(port/app | host \"address=(host=p)(port\": "
                + "expected address=(host=name)(port=3306)(type=replica)",
        "jdbc:rwsplit:mysql://address=/app | host \"address=\": expected address=(host=name)(port=3306)(type=replica)",
        "jdbc:rwsplit:mysql://(host=p,port)/app | host \"(host=p,port)\": expected (host=name,port=3306,type=replica)",
        "jdbc:rwsplit:mysql://address=(host=p)(type=master)/app | host \"address=(host=p)(type=master)\": "
                + "type=master is not accepted (nor by Connector/J 8.0.23 and later); use type=source",
        "jdbc:rwsplit:mysql://p,address=(host=r)(type=slave)/app | host \"address=(host=r)(type=slave)\": "
                + "type=slave is not accepted (nor by Connector/J 8.0.23 and later); use type=replica",
        "jdbc:rwsplit:mysql://address=(host=p)(type=leader)/app | host \"address=(host=p)(type=leader)\": "
                + "type=leader is not one of [source, primary, replica]",
        "jdbc:rwsplit:mysql://address=(host=a)(type=source),address=(host=b)(type=source)/app | "
                + "more than one host has type=source: [a:3306, b:3306]; there is exactly one primary",
        "jdbc:rwsplit:mysql://address=(host=a)(type=replica)/app | no primary: every host has type=replica; "
                + "give the primary type=source or list it first without a type",
        "jdbc:rwsplit:mysql://address=(host=p)(sslMode=REQUIRED)/app | host \"address=(host=p)(sslMode=REQUIRED)\": "
                + "per-host property \"sslMode\" is not supported; give it once in the query or the Properties, "
                + "for every host",
        "jdbc:rwsplit:mysql://p/app?x=%zz | URL parameter x has an invalid %-escape in its value",
        "jdbc:rwsplit:mysql://p/app?%zz=1 | URL parameter \"%zz\" has an invalid %-escape in its name",
        "jdbc:rwsplit:mysql://p/a%zz | database \"a%zz\" has an invalid %-escape",
        "jdbc:rwsplit:mysql://p(x)/app | host \"p(x)\": \"p(x)\" is not a host name",
    })
    void namesTheCulpritOfAMalformedUrl(String url, String problem) {
        assertThat(problems(url)).isEqualTo("rwsplit: invalid configuration (1 problem): " + problem);
    }

    @Test
    void reportsEveryMalformedHostAtOnce() {
        assertThat(problems("jdbc:rwsplit:mysql://p:33o6,,[::1/app")).isEqualTo(
                "rwsplit: invalid configuration (3 problems): host \"p:33o6\": port \"33o6\" is not a number; "
                        + "empty host in the list \"p:33o6,,[::1\"; host \"[::1\": unclosed \"[\"");
    }

    @Test
    void reportsUrlAndSettingProblemsTogether() {
        String message = problems("jdbc:rwsplit:mysql://p:33o6/app?rwsplit.pollInterval=5");

        assertThat(message).startsWith("rwsplit: invalid configuration (2 problems): ")
                .contains("port \"33o6\" is not a number")
                .contains("rwsplit.pollInterval = \"5\": must be between 100 and 3600000 ms");
    }

    @Test
    void refusesUserInfoBeforeTheHostWithoutShowingThePassword() {
        String message = problems("jdbc:rwsplit:mysql://app:s3cr3t@p:3306/app");

        assertThat(message).isEqualTo("rwsplit: invalid configuration (1 problem): host \"app:<masked>@p:3306\": "
                + "a user or password before \"@\" is not supported; give them as user= and password= properties");
    }

    @Test
    void refusesAPerHostPasswordWithoutShowingIt() {
        String message = problems("jdbc:rwsplit:mysql://address=(host=p)(password=s3cr3t)/app");

        assertThat(message).doesNotContain("s3cr3t")
                .contains("host \"address=(host=p)(password=<masked>)\": per-host property \"password\"");
    }

    @Test
    void keepsReplicasImmutable() {
        List<Endpoint> replicas = parse("jdbc:rwsplit:mysql://p,r/app").replicas();

        assertThatThrownBy(() -> replicas.add(new Endpoint("x", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
