#!/usr/bin/env bash
# Install what the browser test (tests/accounts/test_browser.py) needs: Debian's Chromium and
# its driver, and Playwright for Python in the project's venv (it drives /usr/bin/chromium;
# no browser download). Idempotent: does nothing that is already done.
#   usage: scripts/install-browser.sh [VENV]     (default: .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${1:-${VENV:-.venv}}"

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-browser: need root to apt-get install chromium chromium-driver" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends chromium chromium-driver
fi

if [ -x "$VENV/bin/python" ]; then
    if ! "$VENV/bin/python" -c "import playwright.sync_api" 2>/dev/null; then
        "$VENV/bin/pip" install -q "playwright>=1.50"
    fi
else
    echo "install-browser: no venv at $VENV; install the dev extras there (make dev) to get Playwright" >&2
fi

/usr/bin/chromium --version 2>/dev/null | head -1 || true
