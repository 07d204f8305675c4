/**
 * Fault tests on the JVM's running mesh ({@link cn.mutualaid.e2e.RunningMesh}: its own embedded PostgreSQL on 25432,
 * Kafka on 29092, the wallet as two instances {@code wallet-1} and {@code wallet-2}; {@code kill wallet} stops both),
 * injecting faults through the launcher: {@code ./mesh kill NAME [--signal KILL|TERM]} and {@code ./mesh start NAME}
 * ({@link cn.mutualaid.e2e.fault.Nemesis}).
 * <ul>
 * <li>{@link cn.mutualaid.e2e.fault.WalletCrashIT}: SIGKILL of the wallet with dissolution sagas in flight;</li>
 * <li>{@link cn.mutualaid.e2e.fault.RelationCrashIT}: the same for relation-service, the saga's orchestrator;</li>
 * <li>{@link cn.mutualaid.e2e.fault.KafkaRestartIT}: the broker stopped and started under payments and quota
 * changes, with relationships dissolved while it is down;</li>
 * <li>{@link cn.mutualaid.e2e.fault.PostgresRestartIT}: PostgreSQL restarted under the running services;</li>
 * <li>{@link cn.mutualaid.e2e.fault.OutageIT}: the wallet's database, then the broker, away for longer than any
 * retry budget ({@code -Dmesh.e2e.outage-seconds}, default 70) while a transfer and a termination happen: every event
 * applied, nothing parked;</li>
 * <li>{@link cn.mutualaid.e2e.fault.ReplicaFailoverIT}: SIGKILL of one of the two wallet instances under payments
 * through the gateway with Idempotency-Keys: nothing lost or doubled, one payment per key, the survivor takes the
 * Kafka partitions;</li>
 * <li>{@link cn.mutualaid.e2e.fault.BankInvariantIT}: the bank workload (concurrent clients, every fault above),
 * with a recorded history and the money and quota invariants checked afterwards.</li>
 * </ul>
 * Clients call the API through the generated client ({@code MeshClient.send}, tools/e2e's README); {@code Outcomes}
 * sorts their answers into definite (2xx, 4xx) and not (no answer, 5xx, 429, 409 IDEMPOTENCY_KEY_IN_FLIGHT), the
 * latter sent again as they were, with the same Idempotency-Key.
 * Each test ends with the ledger check and every saga DISSOLVED, prints its figures (lines starting with
 * {@code [fault]}, {@code [bank]}, ...), and leaves the mesh whole for the next one ({@code Nemesis.ensureRunning}).
 * Payments they capture are added to {@code Fixtures.SPENT_FEN} / {@code USES}, which the settlement checks compare
 * with the month's totals. Run one: {@code mvn -B -o -pl tools/e2e test -Dtest=BankInvariantIT}.
 */
package cn.mutualaid.e2e.fault;
