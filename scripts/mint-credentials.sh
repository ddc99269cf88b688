#!/usr/bin/env bash
# Mint WebTrunk/Kamailio ephemeral credentials: {"username":"<expiry>:<id>","password":"...","ttl":N}.
# usage: mint-credentials.sh (--secret S | --secret-file F) --id ID --ttl SECONDS
#                            [--format timestamp-first|id-first] [--hmac sha1|sha256|sha384|sha512]
# The secret may come from $WEBTRUNK_SECRET instead, to keep it out of `ps` and shell history.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/sip-auth/target/sip-auth-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$JAR" ]]; then
  (cd "$ROOT" && mvn -B -q -pl sip-auth -am package -DskipTests) >&2
fi
exec java -cp "$JAR" org.webtrunk.auth.cli.MintCredentials "$@"
