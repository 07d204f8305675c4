#!/usr/bin/env bash
# After a red test command: names every failed or errored test from the surefire/failsafe reports, with the start of
# its message, so that the end of a long, interleaved (-T 2) log says what failed. Prints nothing when none failed.
# Usage: tools/test-failures.sh [FILE]: with FILE, only reports written after it (not an earlier run's, left in target/).
set -uo pipefail
since=()
[ $# -gt 0 ] && since=(-newer "$(realpath "$1")")
cd "$(dirname "$0")/.."
find . -path '*/target/*-reports/TEST-*.xml' -not -path './.git/*' "${since[@]}" -print0 2>/dev/null |
  xargs -0 -r awk '
    # The attribute itself, not one ending in its name ("name" inside "classname").
    function attr(line, name) {
      if (match(line, "[ \t]" name "=\"[^\"]*\"")) return substr(line, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
      return ""
    }
    /<testcase / { test = attr($0, "classname") "." attr($0, "name") }
    /<(failure|error)[ >]/ {
      kind = ($0 ~ /<failure/) ? "FAILURE" : "ERROR"
      message = attr($0, "message"); if (message == "") message = attr($0, "type")
      gsub(/&#10;/, " / ", message); gsub(/&lt;/, "<", message); gsub(/&gt;/, ">", message); gsub(/&quot;/, "\"", message); gsub(/&amp;/, "\\&", message)
      lines[++n] = sprintf("  %-7s %s: %s", kind, test, substr(message, 1, 300))
    }
    END { if (n) { printf "test-failures: %d failed test(s)\n", n; for (i = 1; i <= n; i++) print lines[i] } }'
