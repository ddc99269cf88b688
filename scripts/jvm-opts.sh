# Sourced by run.sh and bench/compare.sh: which java runs the gateway, and its default JAVA_OPTS.
# JAVA: $JAVA, else $JAVA_HOME/bin/java, else java on the PATH.
# JAVA_OPTS (unless set): ZGC on a fixed, pre-touched 1 GiB heap, pauses under 1 ms. On JDK 21 and 22 ZGC is
# made generational (-XX:+ZGenerational; the default from 23, the only mode from 24): young calls are collected
# without marking the 32 s of finished-transaction state every cycle, which JDK 17's single-generation ZGC
# does (a quarter of the gateway's CPU at 1,000 calls/s). BENCHMARKS.md, "GC choice".
# -ZProactive: the heap is fixed and pre-touched, so a collection the heap does not need frees nothing for the OS
# (at 400 calls/s one came every ~20 s instead of ~30 s, ~0.4 s of CPU each).
# Netty's leak detector samples one buffer in 4,096 instead of 128: each sample records a stack trace (~2 % of the
# CPU per call in perf); a leak on every message is still reported within seconds. Tests keep Netty's default.
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
JDK_BIN="$(dirname "$(readlink -f "$(command -v "$JAVA")")")"  # jcmd, jstat of the same JDK

java_feature_version() {
  "$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

if [[ -z "${JAVA_OPTS:-}" ]]; then
  JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseZGC -XX:+AlwaysPreTouch -XX:-ZProactive"
  JAVA_OPTS="$JAVA_OPTS -Dio.netty.leakDetection.samplingInterval=4096"
  case "$(java_feature_version)" in
    21|22) JAVA_OPTS="$JAVA_OPTS -XX:+ZGenerational" ;;
  esac
fi
