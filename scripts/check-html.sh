#!/usr/bin/env bash
# Renders Rampart HTML reports in headless Chromium and fails on a console error (a CSP violation included)
# or on any request the page makes for something outside itself. Skips (exit 0, with a note) when Chromium
# is not installed (`apt-get install chromium`).
#
#   scripts/check-html.sh [REPORT.html ...]     default: reports rendered from testdata/examples
#   SCREENSHOT_DIR=/tmp/shots scripts/check-html.sh   also saves a PNG of each page to look at
#
# Chromium runs in an empty network namespace when `unshare -n` is allowed, and in any case with every host
# name mapped to NOTFOUND and a proxy on a closed loopback port, so neither the page nor the browser's own
# background services can reach another address. Page requests are read from Chromium's net log: any
# http(s), ws(s) or ftp URL request there that the browser's own services did not make fails the check.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
if [[ -z "$browser" ]]; then
  echo "check-html: Chromium not installed (apt-get install chromium); skipped"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

reports=("$@")
if [[ ${#reports[@]} -eq 0 ]]; then
  swift build -q
  bin=$(swift build --show-bin-path)/rampart
  # Exit 1 (findings) is expected here; 2 is not.
  "$bin" scan testdata/examples/city-portal --framework pss-restricted --framework cis-kubernetes-1.9 \
    --framework owasp-asvs-4.0.3 --format html -q > "$work/scan.html" || [[ $? -eq 1 ]]
  "$bin" evaluate testdata/examples/city-portal-live/evidence.json --framework mozilla-tls-5.7 \
    --framework nist-sp-800-52r2 --format html -q > "$work/live.html" || [[ $? -eq 1 ]]
  reports=("$work/scan.html" "$work/live.html")
fi

isolate=()
if unshare -n true 2>/dev/null; then isolate=(unshare -n)
elif unshare -rn true 2>/dev/null; then isolate=(unshare -rn); fi

status=0
for report in "${reports[@]}"; do
  [[ -f "$report" ]] || { echo "check-html: $report: no such file"; status=1; continue; }
  abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
  name=$(basename "$report" .html)
  flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --disable-sync
         --disable-background-networking --disable-component-update --disable-default-apps
         --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server="http://127.0.0.1:9"
         --user-data-dir="$work/profile-$name" --enable-logging=stderr --v=0
         --log-net-log="$work/$name.netlog.json" --virtual-time-budget=3000 --window-size=1280,1800)
  if [[ -n "${SCREENSHOT_DIR:-}" ]]; then
    mkdir -p "$SCREENSHOT_DIR"
    timeout 60 "${isolate[@]}" "$browser" "${flags[@]}" --screenshot="$SCREENSHOT_DIR/$name.png" "file://$abs" \
      >/dev/null 2>&1 || true
  fi
  if ! timeout 60 "${isolate[@]}" "$browser" "${flags[@]}" --dump-dom "file://$abs" >"$work/$name.dom" 2>"$work/$name.log"; then
    echo "check-html: $report: Chromium failed"; sed -n 1,20p "$work/$name.log"; status=1; continue
  fi
  if ! grep -q '</html>' "$work/$name.dom"; then
    echo "check-html: $report: no DOM came back"; status=1
  fi
  # Console messages from the page (CSP violations are reported there as errors).
  if grep -E 'CONSOLE|Refused to|Content Security Policy' "$work/$name.log" >"$work/$name.console"; then
    echo "check-html: $report: console messages:"; cat "$work/$name.console"; status=1
  fi
  # Requests the page made: URL requests whose initiator is the file:// page, or any request for a
  # resource URL that is neither file: nor data:, other than the browser's own background services.
  if ! python3 - "$work/$name.netlog.json" "$abs" <<'PY'
import json, sys
path, page = sys.argv[1], sys.argv[2]
try:
    log = json.load(open(path))
except ValueError:
    # Chromium may leave the closing brackets off when it exits; repair the common case.
    text = open(path).read().rstrip().rstrip(',')
    log = json.loads(text + ']}')
types = {v: k for k, v in log['constants']['logEventTypes'].items()}
# Chromium's own services (component updates, time, account checks) and their hosts; they cannot leave the
# machine here, and they are not the page's doing.
browser_hosts = ('google.com', 'googleapis.com', 'gvt1.com', 'gstatic.com', 'chrome.com')
bad = []
for e in log.get('events', []):
    p = e.get('params') or {}
    url = p.get('url') or ''
    if types.get(e['type']) not in ('URL_REQUEST_START_JOB', 'REQUEST_ALIVE', 'URL_REQUEST_REDIRECT_JOB'):
        continue
    if not url or url.startswith(('file:', 'data:', 'about:', 'chrome:')):
        continue
    host = url.split('/')[2].split(':')[0] if '//' in url else ''
    initiator = p.get('initiator', '')
    if host.endswith(browser_hosts) and not initiator.startswith('file'):
        continue
    bad.append(url)
for url in sorted(set(bad)):
    print('  outside request: ' + url)
sys.exit(1 if bad else 0)
PY
  then
    echo "check-html: $report: the page requested something outside itself"; status=1
  fi
  [[ $status -eq 0 ]] && echo "check-html: $report: OK (no console errors, no outside requests)"
done
exit $status
