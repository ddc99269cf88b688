#!/usr/bin/env bash
# Builds what is missing and runs the gateway in the foreground. Ctrl-C stops it cleanly.
#   scripts/run.sh                    # embedded defaults: config/webtrunk.yaml, everything on 127.0.0.1
#   scripts/run.sh --config FILE      # another config
#   scripts/run.sh --check-config     # validate the config and exit
#   scripts/run.sh --token-service-only   # only the token service (/v1/token), plain HTTP on the config's
#                                         # listeners.ws host and port: run it on another host than the gateways
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

jar="gateway/target/gateway-0.1.0-SNAPSHOT.jar"
newest_source="$(find pom.xml sip-auth gateway/pom.xml gateway/src/main -newer "$jar" -type f -print -quit 2>/dev/null || true)"
if [[ ! -f "$jar" || ! -d gateway/target/lib || -n "$newest_source" ]]; then
  echo "run.sh: building the gateway (mvn package)..." >&2
  mvn -B -q -pl gateway -am package -DskipTests >&2
fi

# The click-to-call demo page loads a JsSIP bundle built from the pinned npm package (nothing committed).
bash scripts/build-demo.sh || echo "run.sh: could not build the demo's JsSIP bundle; /demo/ will say so" >&2

args=("$@")
has_config=false
for a in "${args[@]+"${args[@]}"}"; do [[ "$a" == "--config" ]] && has_config=true; done
$has_config || args=(--config "$root/config/webtrunk.yaml" "${args[@]+"${args[@]}"}")

# ZGC, fixed pre-touched 1 GiB heap (generational on JDK 21+): pauses stay under 1 ms (G1 paused up to 31 ms at
# 2,000 REGISTER/s). On JDK 17 ZGC maps the heap three times, so RSS overstates it: read PSS. Smaller sites can pass
# JAVA_OPTS="-Xms512m -Xmx512m -XX:+UseZGC"; JAVA or JAVA_HOME picks the JDK. BENCHMARKS.md, "GC choice".
source "$root/scripts/jvm-opts.sh"
mkdir -p var/log
# exec so Ctrl-C (SIGINT) reaches the JVM, whose shutdown hook stops listeners and ends calls.
# shellcheck disable=SC2086
exec "$JAVA" $JAVA_OPTS -Xlog:gc*:file=var/log/gc.log:time,uptime:filecount=3,filesize=10m \
  -cp "$jar:gateway/target/lib/*" org.webtrunk.gateway.Main "${args[@]}"
