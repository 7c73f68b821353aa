# Sourced by the client-server benchmark scripts (bench/echo.sh, bench/http.sh), after JAVA, JAR,
# JVM (the client's JVM options), CLIENT (the client's main class) and CLIENT_ARGS are set.
#   run_against NAME SERVER-COMMAND...
# starts the server in a process of its own, reads its ready line ({"port":N,"pid":P}), runs the
# client against it (which prints one JSON line, tagged NAME, with the server's CPU from its pid),
# then closes the server's standard input, which stops it.
run_against() {
  local name=$1; shift
  coproc SERVER { "$@"; }
  local line port pid
  read -r line <&"${SERVER[0]}"
  port=$(sed -E 's/.*"port":([0-9]+).*/\1/' <<< "$line")
  pid=$(sed -E 's/.*"pid":([0-9]+).*/\1/' <<< "$line")
  "$JAVA" "${JVM[@]}" -cp "$JAR" "$CLIENT" --port "$port" --pid "$pid" --server "$name" "${CLIENT_ARGS[@]}" || true
  exec {SERVER[1]}>&- # closing its stdin stops it
  wait "$SERVER_PID" 2>/dev/null || true
}
