#!/usr/bin/env bash
# `replay --html FILE` as a browser shows it: headless Chromium loads the page,
# its script counts the rules, scenarios and techniques from the tables, and
# the counts it rendered are read back from the DOM; a screenshot must come out
# as a PNG of the window size. The run replays a copy of the sample pack with
# one rule broken, so passing, failing and coverage figures all show.
# Usage: html_report_chromium.sh TRAILPROOF_BINARY SOURCE_ROOT
# Exit 77 (ctest: skipped) with a message when chromium is not installed
# (ci/install-deps --chromium installs it; ci/test does).
set -euo pipefail
cli="$1"
root="$2"

browser=""
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [[ -z "$browser" ]]; then
  echo "SKIPPED: chromium is not installed (ci/install-deps --chromium); the HTML report was not checked in a browser"
  exit 77
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/content" "$tmp/fixtures"
cp -r "$root/content/sample" "$tmp/content/sample"
ln -s "$root/content/attack" "$tmp/content/attack"
ln -s "$root/content/aws" "$tmp/content/aws"
cp -r "$root/fixtures/sample/scenarios" "$tmp/fixtures/sample"
cp "$root/fixtures/sample/baseline.yml" "$tmp/fixtures/sample/"
# Break one rule: its positive scenario fails, the other five rules still pass.
sed -i 's/eventName: PutBucketPolicy/eventName: PutBucketPolicyy/' "$tmp/content/sample/rules/s3_bucket_policy_public.yml"

set +e
(cd "$tmp" && "$cli" replay -q --html report.html content/sample fixtures/sample >replay.out 2>replay.err)
code=$?
set -e
if [[ $code -ne 1 ]]; then
  echo "FAIL: replay exited $code, expected 1 (one broken rule)"; cat "$tmp/replay.out" "$tmp/replay.err"; exit 1
fi

flags=(--headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars --user-data-dir="$tmp/profile")
"$browser" "${flags[@]}" --dump-dom "file://$tmp/report.html" >"$tmp/dom.html" 2>"$tmp/chromium.err" || {
  echo "FAIL: chromium --dump-dom failed"; cat "$tmp/chromium.err"; exit 1; }

fail=0
expect() { # the DOM as rendered must hold this exact text
  if ! grep -qF -- "$1" "$tmp/dom.html"; then echo "FAIL: rendered page lacks: $1"; fail=1; fi
}
# Counted by the page's script (the page as written holds "-" there).
expect '<span id="result">FAIL</span>'
expect '<span id="rules-total">6</span>'
expect '<span id="rules-pass">5</span>'
expect '<span id="rules-fail">1</span>'
expect '<span id="rules-gap">0</span>'
expect '<span id="scenarios-passed">13</span>'
expect '<span id="scenarios-failed">1</span>'
expect '<span id="techniques-proven">5</span>'
# Documented vs derived, from validate's inventory checks.
expect '<tr class="ok" data-figure="rules"><td>rules</td><td class="num">6</td><td class="num">6</td><td>ok</td></tr>'
expect 'data-status="fail"><td>84e85db6-d271-43a9-acb9-24243fc10c9a</td><td>S3 Bucket Policy Grants Access To Everyone</td><td class="fail">fail</td>'
if grep -qE '(src|href)="(https?:)?//' "$tmp/report.html"; then
  echo "FAIL: the page loads an external resource"; fail=1
fi
if grep -qF "$tmp" "$tmp/report.html"; then
  echo "FAIL: the page holds an absolute path of the machine"; fail=1
fi

# Screenshot: a PNG of exactly the window size (no pixel golden).
"$browser" "${flags[@]}" --window-size=1024,768 --screenshot="$tmp/shot.png" "file://$tmp/report.html" \
  >/dev/null 2>"$tmp/chromium.err" || { echo "FAIL: chromium --screenshot failed"; cat "$tmp/chromium.err"; exit 1; }
if [[ ! -s "$tmp/shot.png" ]]; then
  echo "FAIL: no screenshot"; exit 1
fi
signature="$(od -An -tx1 -N8 "$tmp/shot.png" | tr -d ' \n')"
size="$(od -An -tu1 -j16 -N8 "$tmp/shot.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')"
if [[ "$signature" != "89504e470d0a1a0a" ]]; then echo "FAIL: screenshot is no PNG ($signature)"; fail=1; fi
if [[ "$size" != "1024x768" ]]; then echo "FAIL: screenshot is $size, expected 1024x768"; fail=1; fi

if ((fail)); then
  echo "--- rendered DOM"; cat "$tmp/dom.html"; exit 1
fi
echo "html report: counts rendered by chromium as expected; screenshot $size ($(stat -c %s "$tmp/shot.png") bytes)"
