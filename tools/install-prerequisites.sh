#!/usr/bin/env bash
# Installs what a fresh machine of the project's kind lacks for the test command. Idempotent; quiet when all is there.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || [ -n "${MAVEN_HOME:-}" ] || need+=(maven)
# tools/deploy-check validates docker-compose.yml with `docker-compose config` (Debian's docker-compose 1.29).
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
# promtool checks the alert rules (docker/prometheus/alerts.yml); Debian ships it in the prometheus package.
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
# kubectl (with Kustomize 5) renders k8s/ overlays; it comes with the machine image, not from apt.
command -v kubectl >/dev/null 2>&1 || echo "install-prerequisites: kubectl not found; tools/deploy-check needs it to render k8s/" >&2
# tools/e2e's console tests drive Debian's Chromium through its ChromeDriver (never a downloaded browser); the CJK
# fonts let the Chinese pages render (and their screenshots show characters, not boxes).
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "install-prerequisites: please install: ${need[*]}" >&2
    exit 1
  fi
  echo "install-prerequisites: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
