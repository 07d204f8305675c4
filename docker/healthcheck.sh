#!/usr/bin/env bash
# Container health check without curl or wget in the image: one HTTP/1.0 GET over bash's /dev/tcp to the
# readiness group of Spring Boot's health endpoint, served on the application port as /readyz (the actuator itself
# lives on the management port); healthy only on status 200.
set -eu
path="${1:-/readyz}"
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3
case "$status" in
  *" 200 "*) exit 0 ;;
  *) exit 1 ;;
esac
