#!/usr/bin/env bash
# Python environment for the scale smoke test (test/unit/scale-smoke.test.ts): the exported project's pinned
# requirements (test/scale/requirements.txt, kept equal to PINNED_REQUIREMENTS by a test), installed into .venv-scale
# once; later runs reuse it while the requirements are unchanged. Where the machine has a local package mirror at
# /opt/pypi (these machines: no other index is reachable), it is the index.
set -euo pipefail
cd "$(dirname "$0")/../.."
req=test/scale/requirements.txt
# Tests that need the environment call this script themselves and may run at once (parallel test files): one
# installs while the others wait on the lock, then find it ready.
exec 9>.venv-scale.lock
flock 9
if [ -x .venv-scale/bin/python ] && cmp -s "$req" .venv-scale/requirements.txt; then exit 0; fi
if [ -z "${PIP_INDEX_URL:-}" ] && [ -d /opt/pypi/simple ]; then export PIP_INDEX_URL=file:///opt/pypi/simple; fi
echo "--- installing the scale smoke-test Python environment into .venv-scale" >&2
start=$(date +%s)
rm -rf .venv-scale
python3 -m venv .venv-scale
# The mirror's per-package "location is ignored" warnings are noise; pip's own exit status still counts (pipefail).
.venv-scale/bin/pip install --quiet --disable-pip-version-check -r "$req" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
cp "$req" .venv-scale/requirements.txt
echo "--- .venv-scale ready in $(( $(date +%s) - start )) s" >&2
