#!/usr/bin/env bash
# Regenerates docs/rules.md from rule metadata. A test fails when the committed file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
swift run -q rampart rules --format markdown > docs/rules.md
echo "wrote docs/rules.md ($(grep -c '^### ' docs/rules.md || true) rules)"
