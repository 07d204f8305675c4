# Sourced by tools/bench: what a measured phase costs and how long its payments take (CPU of every part and of
# PostgreSQL's mesh backends, the wallet's round trips, pauses, server-side percentiles), and the two kinds of phase,
# measure (closed-loop saturation) and measure_latency (open loop at a fixed rate). Uses tools/bench's settings.

# PostgreSQL's share of the measured phase, when the server runs on this machine (its processes are in /proc):
#   - CPU of the client backends serving the mesh's databases (pg_stat_activity.datname like the prefix; autovacuum
#     workers are the server's, below): per-pid delta of
#     utime + stime between the two samples (a backend that appears during the phase counts from zero);
#   - CPU of every process of the server (backends of other databases, walwriter, checkpointer ... included), for
#     context: on a shared server that includes other people's work;
#   - transactions of the mesh's databases (pg_stat_database xact_commit + xact_rollback), per database: a lower
#     bound of the round trips (every statement outside an explicit transaction is a transaction of its own).
PG_POSTMASTER=""
pg_children() { [ -n "$PG_POSTMASTER" ] && ps -o pid= --ppid "$PG_POSTMASTER" 2>/dev/null | tr -d ' '; }
pg_mesh_pids() { psql_ -d postgres -Atc "select pid from pg_stat_activity where backend_type = 'client backend' and datname like '${MESH_PG_DB_PREFIX}%'"; }
pg_xacts_by_db() { psql_ -d postgres -AtF' ' -c "select substr(datname, length('${MESH_PG_DB_PREFIX}') + 1), xact_commit + xact_rollback from pg_stat_database where datname like '${MESH_PG_DB_PREFIX}%' order by 1"; }
declare -A PG_TICKS_BEFORE PG_DB_XACTS_BEFORE
pg_sample_before() {
  # The server's own processes outlive any session: the checkpointer's parent is the postmaster.
  local checkpointer; checkpointer=$(psql_ -d postgres -Atc "select pid from pg_stat_activity where backend_type = 'checkpointer'" 2>/dev/null || true)
  PG_POSTMASTER=$(awk '/^PPid:/ { print $2 }' "/proc/$checkpointer/status" 2>/dev/null || true)
  PG_TICKS_BEFORE=(); PG_DB_XACTS_BEFORE=()
  for pid in $PG_POSTMASTER $(pg_children); do PG_TICKS_BEFORE[$pid]=$(pid_ticks "$pid"); done
  while read -r db n; do PG_DB_XACTS_BEFORE[$db]=$n; done < <(pg_xacts_by_db)
}
pg_sample_after() {
  PG_MESH_TICKS=0; PG_ALL_TICKS=0; PG_XACT_LINE=""; PG_XACTS=0
  for pid in $(pg_mesh_pids); do
    PG_MESH_TICKS=$(( PG_MESH_TICKS + $(pid_ticks "$pid") - ${PG_TICKS_BEFORE[$pid]:-0} ))
  done
  for pid in $PG_POSTMASTER $(pg_children); do
    PG_ALL_TICKS=$(( PG_ALL_TICKS + $(pid_ticks "$pid") - ${PG_TICKS_BEFORE[$pid]:-0} ))
  done
  while read -r db n; do
    local d=$(( n - ${PG_DB_XACTS_BEFORE[$db]:-0} ))
    PG_XACTS=$(( PG_XACTS + d ))
    PG_XACT_LINE+=" $db $(per_payment_count "$d")"
  done < <(pg_xacts_by_db)
}

# CPU seconds of every part during a measured phase (after a warm-up), to say where a payment's time goes.
PARTS=(gateway registry relation wallet settlement kafka)
pid_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_ticks() { local pid; pid=$(cat "$MESH_HOME/pids/$1.pid" 2>/dev/null) && pid_ticks "$pid" || echo 0; }
per_payment() { awk -v t="$1" -v n="$CAPTURED" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (n > 0 ? t * 1000 / hz / n : 0) }'; }
per_payment_count() { awk -v d="$1" -v n="$CAPTURED" 'BEGIN { printf "%.1f", (n > 0 ? d / n : 0) }'; }
# Round trips the wallet starts on its database connections: the TCP data segments it sends to PostgreSQL, per
# connection (ss; the driver flushes one batch of messages per round trip, far below a segment on loopback). Counted
# per local port between a mark and now; a connection opened meanwhile counts from zero, one closed meanwhile is lost.
declare -A WALLET_SEGS_BEFORE
wallet_segs() {
  local pid; pid=$(cat "$MESH_HOME/pids/wallet.pid" 2>/dev/null) || return 0
  ss -tinpH state established "( dport = :$PG_PORT )" 2>/dev/null | awk -v pid="pid=$pid," '
    /users:/ { want = index($0, pid) > 0; port = $3; next }
    want && match($0, /data_segs_out:[0-9]+/) { print port, substr($0, RSTART + 14, RLENGTH - 14); want = 0 }'
}
wallet_segs_mark() { WALLET_SEGS_BEFORE=(); local port n; while read -r port n; do WALLET_SEGS_BEFORE[$port]=$n; done < <(wallet_segs); }
wallet_segs_since() { local sum=0 port n; while read -r port n; do sum=$(( sum + n - ${WALLET_SEGS_BEFORE[$port]:-0} )); done < <(wallet_segs); echo "$sum"; }
# What a phase costs beyond the parts' own CPU. The machine: busy time of every core (/proc/stat: the mesh, PostgreSQL,
# the driver, the kernel, and anything else running on a shared machine), per payment and as idle %, with the 1-minute
# load average at both ends. The driver's own CPU (it prints it: the whole process between the phase's start and end).
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
phase_mark() {
  read -r MACHINE_BUSY_BEFORE MACHINE_IDLE_BEFORE < <(machine_ticks)
  PHASE_FROM_MS=$(date +%s%3N); PHASE_LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
}
phase_end() {
  read -r MACHINE_BUSY MACHINE_IDLE < <(machine_ticks)
  PHASE_TO_MS=$(date +%s%3N); PHASE_LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
  MACHINE_BUSY=$(( MACHINE_BUSY - MACHINE_BUSY_BEFORE )); MACHINE_IDLE=$(( MACHINE_IDLE - MACHINE_IDLE_BEFORE ))
}
# The driver's CPU in clock ticks, from its "<phase>.driver_cpu_ms" line.
driver_ticks() { awk -v ms="$(get "$1.driver_cpu_ms")" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%d", ms * hz / 1000 }'; }
# Lines shared by both kinds of phase: CPU of the driver and of the machine, what is left for everything else, pauses.
# Needs CAPTURED, PART_SUM (the parts' and PostgreSQL's mesh backends' ticks) and phase_end.
cost_lines() {
  local phase=$1 dticks idle_pct
  dticks=$(driver_ticks "$phase")
  idle_pct=$(awk -v b="$MACHINE_BUSY" -v i="$MACHINE_IDLE" 'BEGIN { printf "%.0f", (b + i > 0 ? 100 * i / (b + i) : 0) }')
  echo "driver cpu              $(per_payment "$dticks") ms per payment (the load generator, on the same cores; GC $(get "$phase.driver_gc_count") collections, $(get "$phase.driver_gc_ms") ms)"
  echo "machine cpu busy        $(per_payment "$MACHINE_BUSY") ms per payment, all $(nproc) cores (= mesh + PostgreSQL backends $(per_payment "$PART_SUM") + driver $(per_payment "$dticks") + the rest $(per_payment $(( MACHINE_BUSY - PART_SUM - dticks ))): other PostgreSQL processes, the kernel, other work on the machine); idle $idle_pct %; load average $PHASE_LOAD_BEFORE -> $PHASE_LOAD_AFTER"
  echo "jvm pauses              $(pause_line) (safepoints in the phase, time to reach them included: count, total ms, longest ms)"
}
# Safepoints (collections and the others, with the time taken to reach them) logged in the given JVM logs within the
# phase: "count/total ms/longest ms".
pauses() {
  [ $# -gt 0 ] && [ -e "$1" ] || { echo "-"; return; }
  awk -v a="$PHASE_FROM_MS" -v b="$PHASE_TO_MS" '
    / Safepoint .*Total: [0-9]+ ns/ { t = substr($1, 2) + 0; if (t < a || t > b) next
      ms = $(NF - 1) / 1e6; n++; sum += ms; if (ms > max) max = ms }
    END { printf "%d/%.0f/%.0f", n, sum, max }' "$@"
}
pause_line() {
  local part pid line=""
  for part in "${PARTS[@]}"; do
    pid=$(cat "$MESH_HOME/pids/$part.pid" 2>/dev/null || true)
    line+=" $part $(pauses "$GC_DIR/$pid.log")"
  done
  local drivers=("$GC_DIR"/driver-*.log)
  echo "$line driver $(pauses "${drivers[@]}")"
}
# Server-side latency of the captured payments (the POST answered 201) from the Prometheus histograms the gateway and
# the wallet keep (http.server.requests, buckets on): the bucket counts' change over the phase. Each percentile is the
# upper bound of its bucket ("<=").
server_scrape() {
  curl -s --max-time 5 "http://127.0.0.1:$(( $1 + 100 ))/actuator/prometheus" 2>/dev/null | awk '
    /^http_server_requests_seconds_bucket\{/ && /method="POST"/ && /status="201"/ && !/payment-codes/ {
      match($0, /le="[^"]+"/); sum[substr($0, RSTART + 4, RLENGTH - 5)] += $NF }
    END { for (le in sum) print le, sum[le] }' | sort -g
}
# The wallet's payments judged again because their facts changed before the write (mesh.wallet.payment.stale).
stale_count() {
  curl -s --max-time 5 "http://127.0.0.1:$(( BASE + 103 ))/actuator/prometheus" 2>/dev/null \
    | awk '/^mesh_wallet_payment_stale_total/ { n += $NF } END { printf "%d", n }'
}
server_mark() {
  server_scrape "$BASE" > "$MESH_HOME/server-gateway.before"; server_scrape $(( BASE + 3 )) > "$MESH_HOME/server-wallet.before"
  STALE_BEFORE=$(stale_count)
}
server_percentiles() {
  local now="$MESH_HOME/server-$1.after"
  server_scrape "$2" > "$now"
  awk 'NR == FNR { before[$1] = $2; next }
    { n++; le[n] = $1; c[n] = $2 - before[$1] }
    END { if (n == 0 || c[n] <= 0) { printf "n/a"; exit }
      split("50 95 99", ps, " ")
      for (k = 1; k <= 3; k++) { for (i = 1; i <= n && c[i] < ps[k] / 100 * c[n]; i++); printf "%sp%s <=%s", (k > 1 ? ", " : ""), ps[k], (le[i] == "+Inf" ? "inf" : sprintf("%.0f", le[i] * 1000)) }
      printf " ms (%d payments)", c[n] }' "$MESH_HOME/server-$1.before" "$now"
}
# The driver's samples of an open-loop phase (sent_epoch_ms,payment_ms,due_to_answer_ms) by 5-second window from the
# phase's first send: "count p99" per window, to see whether the slow payments bunch (a start-up, a pause) or spread.
windows_line() {
  [ -f "$1" ] || { echo "-"; return; }
  tail -n +2 "$1" | sort -t, -k1,1n | awk -F, 'NR == 1 { t0 = $1 } { print int(($1 - t0) / 5000), $2 }' | sort -k1,1n -k2,2g \
    | awk '{ w[NR] = $1; v[NR] = $2; n[$1]++ }
      END { i = 1; while (i <= NR) { k = w[i]; c = n[k]; j = i + int(0.99 * c + 0.999999) - 1; if (j < i) j = i
        printf "%s%ds: %d, p99 %.0f ms", (i > 1 ? "; " : ""), k * 5, c, v[j]; i += c } }'
}
# CPU ticks of every part at a mark, and each part's per payment since (the line "gateway 1.2 registry 0.0 ...").
declare -A PART_TICKS
parts_mark() { local part; for part in "${PARTS[@]}"; do PART_TICKS[$part]=$(cpu_ticks "$part"); done; }
# Sets PARTS_LINE and PART_SUM (the parts' and PostgreSQL's mesh backends' ticks): call it outside $( ).
parts_line() {
  local part ticks line=""
  PART_SUM=0
  for part in "${PARTS[@]}"; do
    ticks=$(( $(cpu_ticks "$part") - ${PART_TICKS[$part]} ))
    PART_SUM=$(( PART_SUM + ticks ))
    line+=" $part $(per_payment "$ticks")"
  done
  PART_SUM=$(( PART_SUM + PG_MESH_TICKS ))
  PARTS_LINE="$line | postgres $(per_payment "$PG_MESH_TICKS") | sum $(per_payment "$PART_SUM")"
}

# One closed-loop saturation phase; its figures are printed in the summary under LABEL.
MEASURED=(); MEASURED_TPS=()
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-10}
measure() {
  local label=$1 part ticks net netline="" started elapsed
  declare -A idle
  # What each part burns without load (pollers, consumers' fetch loops, metrics), just before the phase: spread over
  # the payments it would make a part look cheaper the more payments go through, whatever the payment costs.
  parts_mark
  wallet_segs_mark
  sleep "$IDLE_SECONDS"
  local idle_segs; idle_segs=$(wallet_segs_since)
  for part in "${PARTS[@]}"; do idle[$part]=$(( $(cpu_ticks "$part") - ${PART_TICKS[$part]} )); done
  parts_mark
  pg_sample_before
  wallet_segs_mark
  phase_mark
  started=$(date +%s.%N)
  driver cn.mutualaid.load.Bench saturate "$GATEWAY" "$DATA" "$SECONDS_PER_PHASE" "$CONCURRENCY" | tee -a "$OUT" >&2
  elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  phase_end
  local segs; segs=$(wallet_segs_since)
  CAPTURED=$(get saturation.captured)
  pg_sample_after
  parts_line
  for part in "${PARTS[@]}"; do
    ticks=$(( $(cpu_ticks "$part") - ${PART_TICKS[$part]} ))
    net=$(awk -v t="$ticks" -v i="${idle[$part]}" -v s="$IDLE_SECONDS" -v d="$elapsed" 'BEGIN { n = t - i * d / s; print (n < 0 ? 0 : n) }')
    netline+=" $part $(per_payment "$net")"
  done
  local net_segs; net_segs=$(awk -v t="$segs" -v i="$idle_segs" -v s="$IDLE_SECONDS" -v d="$elapsed" 'BEGIN { n = t - i * d / s; print (n < 0 ? 0 : n) }')
  local backlog; backlog=$(psql_ -d "$WALLET_DB" -Atc "select count(*) from outbox where sent_at is null")
  MEASURED_TPS+=("$(get saturation.tps)")
  MEASURED+=("== $label: $(get saturation.tps) captured payments/s (payment p50 $(get saturation.payment_p50_ms) ms, p95 $(get saturation.payment_p95_ms) ms, p99 $(get saturation.payment_p99_ms) ms), errors $(get saturation.errors)
cpu ms per payment      $PARTS_LINE
  less idle              $netline (each part's CPU without load over ${IDLE_SECONDS}s before the phase, taken off)
$(cost_lines saturation)
postgres server cpu     $(per_payment "$PG_ALL_TICKS") ms per payment (every process of the server, other databases' work included)
db transactions         $(per_payment_count "$PG_XACTS") per payment:$PG_XACT_LINE
wallet db round trips   $(per_payment_count "$segs") per payment, less idle $(per_payment_count "$net_segs") (TCP data segments the wallet sent to PostgreSQL; background work included)
wallet outbox unsent    $backlog right after")
}

# One open-loop phase at RATE payments/s: latency seen by the driver (from the send, and from the moment the payment
# was due), by the gateway and by the wallet (their histograms), and the same CPU figures as a saturation phase.
HALF_LINES=()
measure_latency() {
  local label=$1 rate=$2
  # From a quiet mesh, as the saturation phase starts. Right after the saturation phase, its backlog (settlement's
  # events, the collectors' debt) held run 25's first 5 s of half load at p99 215 ms (18-64 ms after); with this pause
  # run 26's first 5 s took 33 ms (17-22 after).
  sleep "$IDLE_SECONDS"
  parts_mark
  pg_sample_before
  server_mark
  phase_mark
  driver cn.mutualaid.load.Bench latency "$GATEWAY" "$DATA" "$SECONDS_PER_PHASE" "$rate" | tee -a "$OUT" >&2
  phase_end
  # The processes' counters cover the driver's lead-in too: its payments count for the CPU per payment.
  CAPTURED=$(( $(get latency.captured) + $(get latency.lead_in_captured) ))
  local samples="$MESH_HOME/latency-samples-$(( ${#HALF_LINES[@]} + 1 )).csv"
  [ -f "$DATA/latency-samples.csv" ] && cp "$DATA/latency-samples.csv" "$samples"
  pg_sample_after
  parts_line
  HALF_LINES+=("== half load, $label: offered $rate/s, achieved $(get latency.achieved_tps)/s: payment p50 $(get latency.payment_p50_ms) ms, p95 $(get latency.payment_p95_ms) ms, p99 $(get latency.payment_p99_ms) ms, max $(get latency.payment_max_ms) ms (from the due time: p99 $(get latency.code_and_payment_p99_ms) ms), errors $(get latency.errors)
by 5 s window           $(windows_line "$samples") (payment, from the send)
server side             gateway $(server_percentiles gateway "$BASE"); wallet $(server_percentiles wallet $(( BASE + 3 ))); wallet payments judged again (stale facts) $(( $(stale_count) - STALE_BEFORE ))
cpu ms per payment      $PARTS_LINE
$(cost_lines latency)")
}
