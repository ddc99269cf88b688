#!/usr/bin/env bash
# Mint a customer token as a tenant backend would: {"account":"A","expires":N,"key":"<base64 HMAC-SHA1>"}.
# usage: mint-customer-token.sh (--secret S | --secret-file F) --account A [--ttl SECONDS]   (default ttl 300)
# The tenant secret may come from $WEBTRUNK_SECRET instead, to keep it out of `ps` and shell history.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/sip-auth/target/sip-auth-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$JAR" ]]; then
  (cd "$ROOT" && mvn -B -q -pl sip-auth -am package -DskipTests) >&2
fi
exec java -cp "$JAR" org.webtrunk.auth.cli.MintCustomerToken "$@"
