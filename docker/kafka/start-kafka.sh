#!/usr/bin/env bash
# The workstation's Kafka (apache/kafka image), secured like the launcher's and the cluster's: SASL SCRAM-SHA-512 on
# the client listener, PLAIN on the controller listener (KRaft controllers cannot check SCRAM), the StandardAuthorizer
# with no access unless an ACL allows it (docker/kafka/acls.sh writes them). The SCRAM users are written into the
# metadata log when the storage is first formatted. Passwords come from the environment (docker-compose.yml).
set -euo pipefail
: "${KAFKA_BROKER_PASSWORD:?}" "${KAFKA_CONTROLLER_PASSWORD:?}"
data=/var/lib/kafka/data
config=/tmp/server.properties
cat > "$config" <<PROPS
process.roles=${KAFKA_PROCESS_ROLES:?}
node.id=1
controller.quorum.voters=1@localhost:9093
controller.listener.names=CONTROLLER
listeners=SASL_PLAINTEXT://:9092,CONTROLLER://localhost:9093
advertised.listeners=SASL_PLAINTEXT://kafka:9092
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${KAFKA_BROKER_PASSWORD}";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="${KAFKA_CONTROLLER_PASSWORD}" user_controller="${KAFKA_CONTROLLER_PASSWORD}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:controller
allow.everyone.if.no.acl.found=false
log.dirs=${data}
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
# The health check and acls.sh talk to the broker as its super user.
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${KAFKA_BROKER_PASSWORD}";
PROPS
if [ ! -f "$data/meta.properties" ]; then
  users=(--add-scram "SCRAM-SHA-512=[name=broker,password=${KAFKA_BROKER_PASSWORD}]")
  for service in registry relation wallet settlement; do
    var="KAFKA_${service^^}_PASSWORD"
    users+=(--add-scram "SCRAM-SHA-512=[name=${service},password=${!var:?$var}]")
  done
  /opt/kafka/bin/kafka-storage.sh format -t "${CLUSTER_ID:?}" -c "$config" "${users[@]}"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
