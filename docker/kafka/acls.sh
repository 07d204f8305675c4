#!/usr/bin/env bash
# Runs once after the workstation's broker is healthy (service kafka-acls in docker-compose.yml): each service's
# Kafka user may write only the topics its outbox publishes and the dead-letter topics of what it consumes, and read
# only what it consumes, in its own group. The same table as the launcher's (tools/mesh, KafkaSecurity.ACCESS) and
# the cluster's (k8s/base/kafka/users.yaml). Adding an ACL that exists changes nothing, so it may run again.
set -euo pipefail
admin=(--bootstrap-server kafka:9092 --command-config /tmp/admin.properties)
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${KAFKA_BROKER_PASSWORD:?}";
PROPS
# user | topics it writes | topics it reads | its consumer group
access=(
  "registry|registry.events||"
  "relation|relation.events wallet.commands|registry.events wallet.replies|relation-service"
  "wallet|wallet.events wallet.replies|registry.events relation.events wallet.commands settlement.events|wallet-service"
  "settlement|settlement.events|wallet.events|settlement-service"
)
for entry in "${access[@]}"; do
  IFS='|' read -r user writes reads group <<<"$entry"
  own=()
  for topic in $writes; do own+=(--topic "$topic"); done
  for topic in $reads; do own+=(--topic "error.$topic.$group"); done
  /opt/kafka/bin/kafka-acls.sh "${admin[@]}" --add --allow-principal "User:$user" \
    --operation Write --operation Describe --operation Create --operation Alter "${own[@]}"
  if [ -n "$reads" ]; then
    read_topics=()
    for topic in $reads; do read_topics+=(--topic "$topic"); done
    /opt/kafka/bin/kafka-acls.sh "${admin[@]}" --add --allow-principal "User:$user" \
      --operation Read --operation Describe --operation Create --operation Alter "${read_topics[@]}"
    /opt/kafka/bin/kafka-acls.sh "${admin[@]}" --add --allow-principal "User:$user" --operation Read --group "$group"
  fi
done
echo "kafka-acls: done"
