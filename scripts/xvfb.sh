# Sourced by the desktop tests: start_xvfb DIR starts Xvfb on a display it picks itself
# (-displayfd: no clash with another X server on the machine), waits until it takes a
# client (xdotool), and exports DISPLAY and XVFB_PID. Its log is DIR/xvfb.log.
start_xvfb() {
  local dir=$1
  : >"$dir/display"
  exec 3>"$dir/display"
  # (-noreset: an X server resets when its last client leaves, and a client that connects
  # during the reset is refused; the readiness probe below is such a last client)
  Xvfb -displayfd 3 -noreset -screen 0 1280x800x24 >"$dir/xvfb.log" 2>&1 &
  XVFB_PID=$!
  exec 3>&-
  local _
  for _ in $(seq 1 100); do
    [ -s "$dir/display" ] && break
    kill -0 "$XVFB_PID" 2>/dev/null || break
    sleep 0.1
  done
  if ! [ -s "$dir/display" ]; then
    echo "Xvfb did not start:"
    cat "$dir/xvfb.log"
    return 1
  fi
  DISPLAY=":$(tr -d '[:space:]' <"$dir/display")"
  export DISPLAY XVFB_PID
  # the display number comes when the server listens; a client is let in a moment later on
  # a loaded machine: wait until one is (xdotool asks the server for its screen)
  for _ in $(seq 1 100); do
    xdotool getdisplaygeometry >/dev/null 2>&1 && return 0
    kill -0 "$XVFB_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "Xvfb took no client on $DISPLAY:"
  cat "$dir/xvfb.log"
  return 1
}
