#!/usr/bin/env bash
# Browser tests (tests/browser/) drive Debian's Chromium through Playwright; Playwright never
# downloads a browser of its own here. Install chromium and chromium-driver when they are missing
# and we may (root, or sudo without a password); otherwise say that the browser tests will be skipped.
# EGOV_NO_APT=1 turns the install off; EGOV_TEST_CHROMIUM names another binary (as in tests/browser/).
set -euo pipefail
chromium=${EGOV_TEST_CHROMIUM:-/usr/bin/chromium}
if [ -x "$chromium" ]; then exit 0; fi
source "$(dirname "$0")/apt-lib.sh"
if [ "${EGOV_NO_APT:-}" != 1 ] && apt_install chromium chromium-driver && [ -x "$chromium" ]; then
  exit 0
fi
cat >&2 <<'MSG'
*** Debian's Chromium is not installed, and this user may not install it:
*** the browser tests in tests/browser/ will be SKIPPED.
*** To run them: sudo apt-get install chromium chromium-driver
MSG
