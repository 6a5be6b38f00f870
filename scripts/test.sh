#!/usr/bin/env bash
# Runs every test project of the solution and prints the totals as one line:
#   tests: N passed, N failed, N skipped
# PostgreSQL tests use ACCESSBROKER_TEST_POSTGRES (default: 127.0.0.1:5432, user/password accessbroker);
# without a reachable server they are skipped with a message, except when CI=true, where they fail.
set -uo pipefail
cd "$(dirname "$0")/.."

results=TestResults
rm -rf "$results"
dotnet test AccessBroker.sln --logger "trx" --results-directory "$results" "$@"
status=$?
scripts/test-totals.sh "$results" || exit 1
exit "$status"
