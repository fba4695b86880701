#!/usr/bin/env bash
# The Debian programs that tests start as real peers: Chromium for the browser tests (tests/browser/, driven
# by Playwright; Playwright never downloads a browser of its own here) and espeak-ng for the telephone line's
# Vietnamese voice (tests/ivr/), Kannel with its fake SMSC for SMS (tests/channels/test_kannel.py), poppler's
# pdftotext for the tests that read what a PDF shows (slips, forms, signed results). Install the missing ones when we may (root, or sudo without a password);
# otherwise say which tests will be skipped. EGOV_NO_APT=1 turns the install off; EGOV_TEST_CHROMIUM names
# another Chromium binary (as in tests/browser/).
set -euo pipefail
chromium=${EGOV_TEST_CHROMIUM:-/usr/bin/chromium}
need=()
[ -x "$chromium" ] || need+=(chromium chromium-driver)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v bearerbox >/dev/null && [ -x /usr/lib/kannel/test/fakesmsc ] || need+=(kannel kannel-extras)
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
source "$(dirname "$0")/apt-lib.sh"
if [ "${EGOV_NO_APT:-}" != 1 ] && apt_install "${need[@]}"; then
  exit 0
fi
cat >&2 <<MSG
*** Missing for the tests, and this user may not install them: ${need[*]}
*** The tests that need them will be SKIPPED (tests/browser/ without Chromium, the audio checks of
*** tests/ivr/ without espeak-ng, tests/channels/test_kannel.py without Kannel, the PDF text checks without poppler-utils). To run them: sudo apt-get install ${need[*]}
MSG
