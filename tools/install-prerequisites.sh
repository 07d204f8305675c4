#!/usr/bin/env bash
# Installs what a fresh machine of the project's kind lacks for the test command. Idempotent; quiet when all is there.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || [ -n "${MAVEN_HOME:-}" ] || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "install-prerequisites: please install: ${need[*]}" >&2
    exit 1
  fi
  echo "install-prerequisites: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
