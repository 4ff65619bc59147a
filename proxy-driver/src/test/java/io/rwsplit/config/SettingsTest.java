package io.rwsplit.config;

import static io.rwsplit.config.Configs.HOSTS;
import static io.rwsplit.config.Configs.parse;
import static io.rwsplit.config.Configs.problemsOfQuery;
import static io.rwsplit.config.Configs.props;
import static io.rwsplit.config.Configs.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.NoReplicaPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    private static final String ONE = "rwsplit: invalid configuration (1 problem): ";

    // ---- the catalog ----------------------------------------------------------------------------------------------

    @Test
    void describesEverySettingOnce() {
        Set<String> names = new HashSet<>();
        for (Setting<?> setting : Settings.all()) {
            assertThat(setting.name()).startsWith("rwsplit.").doesNotContain(" ");
            assertThat(names.add(setting.name().toLowerCase())).as("unique " + setting.name()).isTrue();
            assertThat(setting.doc()).as(setting.name()).isNotBlank().doesNotEndWith(".");
            assertThat(setting.defaultText()).as(setting.name()).isNotBlank();
            assertThat(setting.description()).as(setting.name()).endsWith(".");
            assertThat(Settings.named(setting.name())).isSameAs(setting);
        }
        assertThat(Settings.names()).hasSize(Settings.all().size()).contains("rwsplit.maxReplicaLag");
        assertThat(Settings.named("rwsplit.nothing")).isNull();
    }

    @Test
    void readsBackEveryFixedDefaultFromItsCanonicalText() {
        for (Setting<?> setting : Settings.all()) {
            assertRoundTrip(setting);
        }
    }

    private static <T> void assertRoundTrip(Setting<T> setting) {
        T fixed = setting.fixedDefault();
        if (fixed != null && !(fixed instanceof String text && text.isEmpty())) {
            assertThat(setting.parse(setting.format(fixed))).as(setting.name()).isEqualTo(fixed);
        }
    }

    @Test
    void listsTheChoicesOfEnumSettings() {
        assertThat(Settings.LOAD_BALANCE.choices()).containsExactlyElementsOf(
                java.util.Arrays.stream(LoadBalance.values()).map(LoadBalance::key).toList());
        assertThat(Settings.NO_REPLICA.choices()).containsExactly("primary", "fail");
        assertThat(Settings.MAX_REPLICA_LAG.choices()).isEmpty();
    }

    @Test
    void marksOnlyTheMonitorPasswordAsSecret() {
        assertThat(Settings.all().stream().filter(Setting::isSecret).toList())
                .containsExactly(Settings.MONITOR_PASSWORD);
    }

    // ---- the example from the style guide -----------------------------------------------------------------------

    @Test
    void reportsEveryProblemInOneMessage() {
        assertThat(problemsOfQuery("rwsplit.maxReplicaLag=-5&rwsplit.loadBalance=round_robbin")).isEqualTo(
                "rwsplit: invalid configuration (2 problems): rwsplit.loadBalance = \"round_robbin\": expected one of "
                        + "[round-robin, random, weighted, least-connections, lowest-lag] (did you mean "
                        + "\"round-robin\"?); rwsplit.maxReplicaLag = \"-5\": must be between 0 and 86400000 ms");
    }

    @Test
    void reportsProblemsFromTheUrlAndThePropertiesTogether() {
        String message = Configs.problems(HOSTS + "?rwsplit.poolMaxSize=0&rwsplit.maxReplicaLagg=1",
                props("rwsplit.probeTimeout", "10", "rwsplit.noReplica", "never", "rwsplit.weights", "x"));

        assertThat(message).startsWith("rwsplit: invalid configuration (5 problems): ")
                .contains("rwsplit.poolMaxSize = \"0\": must be between 1 and 1000")
                .contains("rwsplit.probeTimeout = \"10\": must be between 50 and 300000 ms")
                .contains("rwsplit.noReplica = \"never\": expected one of [primary, fail]")
                .contains("rwsplit.weights = \"x\": \"x\" is not a whole number")
                .contains("rwsplit.maxReplicaLagg: unknown setting (did you mean \"rwsplit.maxReplicaLag\"?)");
    }

    // ---- each setting's bounds --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "rwsplit.maxReplicaLag | -5 | must be between 0 and 86400000 ms",
        "rwsplit.maxReplicaLag | 1.5s | must be a duration: milliseconds, or a whole number with a unit (500ms, 2s, "
                + "1m, 1h)",
        "rwsplit.maxReplicaLag | 2d | must be a duration: milliseconds, or a whole number with a unit (500ms, 2s, "
                + "1m, 1h)",
        "rwsplit.maxReplicaLag | fast | must be a duration: milliseconds, or a whole number with a unit (500ms, 2s, "
                + "1m, 1h)",
        "rwsplit.maxReplicaLag | 99999999999999999999 | is too large",
        "rwsplit.maxReplicaLag | 9999999999999999h | is too large",
        "rwsplit.restoreReplicaLag | -1 | must be between 0 and 86400000 ms",
        "rwsplit.readYourWritesWindow | 9223372036854775807 | must be between 1 and 86400000 ms",
        "rwsplit.rebalanceInterval | 25h | must be between 0 and 86400000 ms",
        "rwsplit.restoreDwell | -1s | must be between 0 and 3600000 ms",
        "rwsplit.maxTransactionsBehind | -1 | must be >= 0",
        "rwsplit.maxTransactionsBehind | ten | must be a whole number",
        "rwsplit.pollInterval | 99 | must be between 100 and 3600000 ms",
        "rwsplit.pollInterval | 0 | must be between 100 and 3600000 ms",
        "rwsplit.probeTimeout | 49ms | must be between 50 and 300000 ms",
        "rwsplit.lagSummaryInterval | 999 | must be 0 (off) or between 1000 and 86400000 ms",
        "rwsplit.lagSummaryInterval | -1 | must be 0 (off) or between 1000 and 86400000 ms",
        "rwsplit.poolMaxSize | 0 | must be between 1 and 1000",
        "rwsplit.poolMaxSize | 1001 | must be between 1 and 1000",
        "rwsplit.poolMaxSize | 10.5 | must be a whole number",
        "rwsplit.poolMinIdle | -1 | must be between 0 and 1000",
        "rwsplit.poolConnectionTimeout | 249 | must be between 250 and 86400000 ms",
        "rwsplit.poolIdleTimeout | 9s | must be 0 (never) or between 10000 and 86400000 ms",
        "rwsplit.poolMaxLifetime | 29999 | must be 0 (no limit) or between 30000 and 86400000 ms",
        "rwsplit.classifierCacheSize | -1 | must be between 0 and 10000000",
        "rwsplit.classifierCacheSize | 10000001 | must be between 0 and 10000000",
        "rwsplit.maxParseLength | -1 | must be between 0 and 10000000 chars",
        "rwsplit.maxParseLength | 10000001 | must be between 0 and 10000000 chars",
        "rwsplit.maxParseLength | 3000000000 | must be between 0 and 10000000 chars",
        "rwsplit.noReplica | primay | expected one of [primary, fail] (did you mean \"primary\"?)",
        "rwsplit.noReplica | x | expected one of [primary, fail]",
        "rwsplit.loadBalance | lowestlag | expected one of [round-robin, random, weighted, least-connections, "
                + "lowest-lag] (did you mean \"lowest-lag\"?)",
        "rwsplit.loadBalance | least | expected one of [round-robin, random, weighted, least-connections, lowest-lag]",
        "rwsplit.heartbeatTable | hb; DROP TABLE t | must be a table name, optionally schema.table: letters, digits, "
                + "_ and $, or a `quoted` name",
        "rwsplit.heartbeatTable | a.b.c | must be a table name, optionally schema.table: letters, digits, _ and $, or "
                + "a `quoted` name",
        "rwsplit.heartbeatTable | my-table | must be a table name, optionally schema.table: letters, digits, _ and $, "
                + "or a `quoted` name",
        "rwsplit.weights | 3,0 | weight 0 must be >= 1",
        "rwsplit.weights | 3,,1 | \"\" is not a whole number; expected positive integers separated by commas",
        "rwsplit.weights | 3;1 | \"3;1\" is not a whole number; expected positive integers separated by commas",
    })
    void rejectsValuesOutOfBounds(String key, String value, String reason) {
        assertThat(problemsOfQuery(key + "=" + encode(value)))
                .isEqualTo(ONE + key + " = \"" + value + "\": " + reason);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "rwsplit.maxReplicaLag | 0 | 0",
        "rwsplit.maxReplicaLag | 1500 | 1500",
        "rwsplit.maxReplicaLag | 1500ms | 1500",
        "rwsplit.maxReplicaLag | 2s | 2000",
        "rwsplit.maxReplicaLag | 2S | 2000",
        "rwsplit.maxReplicaLag | 1m | 60000",
        "rwsplit.maxReplicaLag | 1h | 3600000",
        "rwsplit.maxReplicaLag | ' 2 s ' | 2000",
        "rwsplit.pollInterval | 100 | 100",
        "rwsplit.probeTimeout | 50 | 50",
        "rwsplit.lagSummaryInterval | 0 | 0",
        "rwsplit.lagSummaryInterval | 1s | 1000",
        "rwsplit.poolConnectionTimeout | 250 | 250",
        "rwsplit.poolIdleTimeout | 0 | 0",
        "rwsplit.poolIdleTimeout | 10s | 10000",
        "rwsplit.poolMaxLifetime | 0 | 0",
        "rwsplit.poolMaxLifetime | 30m | 1800000",
        "rwsplit.restoreDwell | 0 | 0",
    })
    void acceptsDurationsInMillisecondsOrWithAUnit(String key, String value, long millis) {
        @SuppressWarnings("unchecked")
        Setting<Duration> setting = (Setting<Duration>) Settings.named(key);

        assertThat(withQuery(key + "=" + encode(value)).get(setting)).hasMillis(millis);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "rwsplit.poolMaxSize | 1 | 1",
        "rwsplit.poolMaxSize | 1000 | 1000",
        "rwsplit.poolMinIdle | 10 | 10",
        "rwsplit.classifierCacheSize | 0 | 0",
        "rwsplit.classifierCacheSize | 10000000 | 10000000",
        "rwsplit.maxParseLength | 0 | 0",
        "rwsplit.maxParseLength | 10000000 | 10000000",
    })
    void acceptsWholeNumbersWithinBounds(String key, String value, int expected) {
        @SuppressWarnings("unchecked")
        Setting<Integer> setting = (Setting<Integer>) Settings.named(key);

        assertThat(withQuery(key + "=" + value).get(setting)).isEqualTo(expected);
    }

    @Test
    void acceptsAnyTransactionsBehindLimit() {
        assertThat(withQuery("rwsplit.maxTransactionsBehind=9223372036854775807").maxTransactionsBehind())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(withQuery("rwsplit.maxTransactionsBehind=250").maxTransactionsBehind()).isEqualTo(250);
    }

    @ParameterizedTest
    @CsvSource({
        "round-robin, ROUND_ROBIN",
        "random, RANDOM",
        "least-connections, LEAST_CONNECTIONS",
        "LEAST_CONNECTIONS, LEAST_CONNECTIONS",
        "Lowest-Lag, LOWEST_LAG",
    })
    void readsLoadBalanceKeysIgnoringCaseAndUnderscores(String value, LoadBalance expected) {
        assertThat(withQuery("rwsplit.loadBalance=" + value).loadBalance()).isEqualTo(expected);
    }

    @Test
    void readsNoReplicaPolicies() {
        assertThat(withQuery("rwsplit.noReplica=fail").noReplica()).isEqualTo(NoReplicaPolicy.FAIL);
        assertThat(withQuery("rwsplit.noReplica=PRIMARY").noReplica()).isEqualTo(NoReplicaPolicy.PRIMARY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"percona.heartbeat", "`my-db`.`hb table`", "db1.`x.y`"})
    void acceptsHeartbeatTableNames(String table) {
        assertThat(withQuery("rwsplit.heartbeatTable=" + encode(table)).heartbeatTable()).contains(table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeat", "hb_2$", "`hb table`"})
    void putsAHeartbeatTableWithoutSchemaInTheUrlsDatabase(String table) {
        assertThat(withQuery("rwsplit.heartbeatTable=" + encode(table)).heartbeatTable())
                .contains("`" + withQuery("").database() + "`." + table);
    }

    @Test
    void takesABlankValueAsTheDefault() {
        DriverConfig config = withQuery("rwsplit.maxReplicaLag=&rwsplit.loadBalance=%20&rwsplit.heartbeatTable=");

        assertThat(config.maxReplicaLag()).hasMillis(1000);
        assertThat(config.loadBalance()).isEqualTo(LoadBalance.ROUND_ROBIN);
        assertThat(config.heartbeatTable()).isEmpty();
        assertThat(config.isSet(Settings.MAX_REPLICA_LAG)).isFalse();
    }

    @Test
    void rejectsAnRwsplitKeyWithoutAValue() {
        assertThat(problemsOfQuery("rwsplit.poolMaxSize")).isEqualTo(
                ONE + "rwsplit.poolMaxSize: no value; write rwsplit.poolMaxSize=value");
    }

    @Test
    void acceptsAnyPrintableClusterNameAndRejectsControlCharacters() {
        assertThat(withQuery("rwsplit.clusterName=orders-db%20(eu)").clusterName()).isEqualTo("orders-db (eu)");
        assertThat(problemsOfQuery("rwsplit.clusterName=a%0Ab")).isEqualTo(
                ONE + "rwsplit.clusterName = \"a\nb\": must not contain control characters");
        assertThat(withQuery("rwsplit.clusterName=" + "x".repeat(64)).clusterName()).hasSize(64);
        assertThat(problemsOfQuery("rwsplit.clusterName=" + "x".repeat(65)))
                .endsWith(": must be at most 64 characters");
    }

    // ---- settings that depend on each other ---------------------------------------------------------------------

    @Test
    void defaultsRestoreLagToHalfOfTheMaximumLag() {
        assertThat(withQuery("rwsplit.maxReplicaLag=300").restoreReplicaLag()).hasMillis(150);
        assertThat(withQuery("rwsplit.maxReplicaLag=5s").restoreReplicaLag()).hasMillis(2500);
        assertThat(withQuery("rwsplit.maxReplicaLag=0").restoreReplicaLag()).isZero();
    }

    @Test
    void rejectsARestoreLagAboveTheMaximumLag() {
        assertThat(problemsOfQuery("rwsplit.maxReplicaLag=300&rwsplit.restoreReplicaLag=2s")).isEqualTo(
                ONE + "rwsplit.restoreReplicaLag = \"2s\": must be <= rwsplit.maxReplicaLag (300 ms)");
        assertThat(problemsOfQuery("rwsplit.restoreReplicaLag=1001")).isEqualTo(
                ONE + "rwsplit.restoreReplicaLag = \"1001\": must be <= rwsplit.maxReplicaLag (1000 ms)");
        assertThat(withQuery("rwsplit.restoreReplicaLag=1000").restoreReplicaLag()).hasMillis(1000);
    }

    @Test
    void comparesTheRestoreLagOnlyWithAValidMaximumLag() {
        assertThat(problemsOfQuery("rwsplit.maxReplicaLag=-1&rwsplit.restoreReplicaLag=5000")).isEqualTo(
                ONE + "rwsplit.maxReplicaLag = \"-1\": must be between 0 and 86400000 ms");
    }

    @Test
    void rejectsMoreIdleConnectionsThanThePoolHolds() {
        assertThat(problemsOfQuery("rwsplit.poolMaxSize=4&rwsplit.poolMinIdle=5")).isEqualTo(
                ONE + "rwsplit.poolMinIdle = \"5\": must be <= rwsplit.poolMaxSize (4)");
        assertThat(problemsOfQuery("rwsplit.poolMinIdle=11")).isEqualTo(
                ONE + "rwsplit.poolMinIdle = \"11\": must be <= rwsplit.poolMaxSize (10)");
        assertThat(withQuery("rwsplit.poolMaxSize=4&rwsplit.poolMinIdle=4").poolMinIdle()).isEqualTo(4);
    }

    @Test
    void selectsTheWeightedStrategyWhenOnlyWeightsAreGiven() {
        DriverConfig config = withQuery("rwsplit.weights=3,%201");

        assertThat(config.loadBalance()).isEqualTo(LoadBalance.WEIGHTED);
        assertThat(config.weights()).containsExactly(3, 1);
    }

    @Test
    void acceptsWeightsWithTheWeightedStrategy() {
        DriverConfig config = withQuery("rwsplit.loadBalance=weighted&rwsplit.weights=1,4");

        assertThat(config.loadBalance()).isEqualTo(LoadBalance.WEIGHTED);
        assertThat(config.weights()).containsExactly(1, 4);
    }

    @Test
    void rejectsWeightsThatDoNotMatchTheReplicas() {
        assertThat(problemsOfQuery("rwsplit.weights=3,1,1")).isEqualTo(
                ONE + "rwsplit.weights = \"3,1,1\": expected 2 weights (one per replica, in URL order), got 3");
        assertThat(Configs.problems("jdbc:rwsplit:mysql://p,r/app?rwsplit.weights=1,1")).isEqualTo(
                ONE + "rwsplit.weights = \"1,1\": expected 1 weight (one per replica, in URL order), got 2");
    }

    @Test
    void rejectsWeightsWithAnotherStrategy() {
        assertThat(problemsOfQuery("rwsplit.loadBalance=random&rwsplit.weights=3,1")).isEqualTo(
                ONE + "rwsplit.weights = \"3,1\": only used by rwsplit.loadBalance=weighted, but it is random; "
                        + "remove rwsplit.weights or set rwsplit.loadBalance=weighted");
    }

    @Test
    void rejectsTheWeightedStrategyWithoutWeights() {
        assertThat(problemsOfQuery("rwsplit.loadBalance=weighted")).isEqualTo(
                ONE + "rwsplit.loadBalance = \"weighted\": needs rwsplit.weights, one positive integer per replica "
                        + "(2) in URL order");
    }

    @Test
    void acceptsTheWeightedStrategyWithoutReplicas() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://p/app?rwsplit.loadBalance=weighted");

        assertThat(config.loadBalance()).isEqualTo(LoadBalance.WEIGHTED);
        assertThat(config.weights()).isEmpty();
    }

    @Test
    void defaultsEveryWeightToOne() {
        assertThat(parse("jdbc:rwsplit:mysql://p,r1,r2,r3/app").weights()).containsExactly(1, 1, 1);
    }

    // ---- unknown keys -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rwsplit.maxReplicaLagg | rwsplit.maxReplicaLag",
        "rwsplit.maxreplicalag | rwsplit.maxReplicaLag",
        "rwsplit.loadbalancer | rwsplit.loadBalance",
        "rwsplit.weight | rwsplit.weights",
        "rwsplit.poolMaxSise | rwsplit.poolMaxSize",
        "rwsplit.monitorPasswrd | rwsplit.monitorPassword",
        "rwsplit.heartbeat | rwsplit.heartbeatTable",
    })
    void suggestsTheClosestSettingForAnUnknownKey(String key, String suggestion) {
        assertThat(problemsOfQuery(key + "=1")).isEqualTo(
                ONE + key + ": unknown setting (did you mean \"" + suggestion + "\"?)");
    }

    @Test
    void reportsAnUnknownKeyWithoutASuggestionWhenNothingIsClose() {
        assertThat(problemsOfQuery("rwsplit.frobnicate=1")).isEqualTo(ONE + "rwsplit.frobnicate: unknown setting");
    }

    @Test
    void readsTheOptimisticStartWaitAsADurationThatMayBeZero() {
        assertThat(withQuery("").get(Settings.OPTIMISTIC_START_WAIT)).isEqualTo(java.time.Duration.ofMillis(10));
        assertThat(withQuery("rwsplit.optimisticStartWait=0").get(Settings.OPTIMISTIC_START_WAIT)).isZero();
        assertThat(withQuery("rwsplit.optimisticStartWait=2s").get(Settings.OPTIMISTIC_START_WAIT))
                .isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(problemsOfQuery("rwsplit.optimisticStartWait=-1")).startsWith(ONE
                + "rwsplit.optimisticStartWait = \"-1\": must be");
    }

    @Test
    void listsUnknownKeysInNameOrder() {
        assertThat(problemsOfQuery("rwsplit.zzz=1&rwsplit.aaa=2")).isEqualTo(
                "rwsplit: invalid configuration (2 problems): rwsplit.aaa: unknown setting; "
                        + "rwsplit.zzz: unknown setting");
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
