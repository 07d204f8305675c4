# Sourced by tools/bench: BENCH_RESTART's stages, one part of the running mesh restarted in another configuration.

# Restarts one part of the running mesh with some variables changed (BENCH_RESTART="part:VAR=value,VAR=value ..."),
# as ./mesh start does: same command line, the recorded environment plus these.
# A "JVM=<flag>" entry adds one JVM flag to the part's command line instead (JVM=-Xmn64m,JVM=-XX:+UseParallelGC): it
# goes before -jar / -cp, and a GC it names (-XX:+Use...GC) or a heap it sets (-Xmx) replaces the launcher's.
# "driver:JVM=<flag>" changes the driver's JVM instead: every phase starts a new driver JVM, so the flag applies from
# the next phase on and nothing of the mesh restarts (a later flag wins: JVM=-XX:TieredStopAtLevel=1, then =4 again).
restart_with() {
  local part=${1%%:*} vars=${1#*:} launch="$MESH_HOME/launch/${1%%:*}.properties"
  if [ "$part" = driver ]; then
    local flag
    for flag in $(tr ',' '\n' <<< "$vars"); do
      [[ $flag == JVM=* ]] || { say "driver: only JVM=<flag> entries, not $flag"; exit 1; }
      DRIVER_JVM_FLAGS+=" ${flag#JVM=}"
    done
    say "the driver's JVM from the next phase on: $DRIVER_JVM_FLAGS"
    return
  fi
  [ -f "$launch" ] || { say "no part $part to restart"; exit 1; }
  local -a flags=()
  local var
  while IFS= read -r var; do
    case "$var" in
      JVM=*) flags+=("${var#JVM=}") ;;
      ?*) echo "env.$var" >> "$launch" ;;
    esac
  done < <(tr ',' '\n' <<< "$vars")
  [ ${#flags[@]} -eq 0 ] || add_jvm_flags "$launch" "${flags[@]}"
  say "restarting $part with $vars ..."
  (cd "$ROOT" && ./mesh kill "$part" --signal TERM) >&2
  local pid; pid=$(cat "$MESH_HOME/pids/$part.pid" 2>/dev/null || true)
  for _ in $(seq 60); do [ -n "$pid" ] && [ -d "/proc/$pid" ] || break; sleep 1; done
  (cd "$ROOT" && ./mesh start "$part") >&2
}

# Rewrites the recorded command line of a launch file (java.util.Properties: command.count, command.0 ...; the later
# of two equal keys wins) with these flags added, as described above restart_with.
add_jvm_flags() {
  local launch=$1; shift
  local count i v gc=0 xmx=0 inserted=0
  local -a cmd=() out=()
  count=$(sed -n 's/^command\.count=//p' "$launch" | tail -n 1)
  for ((i = 0; i < count; i++)); do
    cmd+=("$(sed -n "s/^command\.$i=//p" "$launch" | tail -n 1 | sed 's/\\\(.\)/\1/g')")
  done
  for v in "$@"; do
    [[ $v == -XX:+Use*GC ]] && gc=1
    [[ $v == -Xmx* ]] && xmx=1
  done
  for v in "${cmd[@]}"; do
    if [ $inserted = 0 ] && [[ $v == -jar || $v == -cp || $v == -classpath ]]; then out+=("$@"); inserted=1; fi
    [ $gc = 1 ] && [[ $v == -XX:+Use*GC ]] && continue
    [ $xmx = 1 ] && [[ $v == -Xmx* ]] && continue
    out+=("$v")
  done
  { echo "command.count=${#out[@]}"; for i in "${!out[@]}"; do printf 'command.%d=%s\n' "$i" "$(sed 's/\\/\\\\/g' <<< "${out[$i]}")"; done; } >> "$launch"
}
