#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test (unit and integration).
# Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-test-deps.sh

# the bench harness's report arithmetic (scripts/bench/compare_report.py)
python3 -B -m unittest discover -s scripts/bench -p 'test_*.py'

# -B batch output; verify runs surefire (unit, *Test) then failsafe (integration, *IT).
mvn -B verify "$@"
