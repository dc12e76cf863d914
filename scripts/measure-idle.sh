#!/bin/sh
# measure-idle.sh: how much an idle deskbreak costs.
#
# Starts `deskbreak run` with its tray on a private session D-Bus with a real
# StatusNotifierItem watcher (and a private X display when Xvfb is there), in a throw-away
# HOME, lets it idle for SECONDS (default 600), and prints its resident memory (VmRSS,
# VmHWM), CPU seconds per idle hour and context switches (wakeups) per minute, from
# /proc/PID/stat, /proc/PID/status and /proc/PID/task/*/{status,schedstat}.
#
# Usage: scripts/measure-idle.sh [SECONDS]
#   DESKBREAK=path/to/binary   the program to measure (default: go build ./cmd/deskbreak)
#   SETTLE=SECONDS             start-up time left out of the figures (default 10)
#   RUN_ARGS="--no-tray"       extra arguments for deskbreak run
#
# Needs: dbus-daemon (dbus), status-notifier-watcher (haskell-status-notifier-item-utils);
# optional: Xvfb (xvfb). Linux only. Targets (issue 4): RSS <= 10 MB, CPU <= 0.2 s per idle
# hour, <= 3 wakeups per minute.
set -eu

secs=${1:-600}
settle=${SETTLE:-10}
case $secs in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

for p in dbus-daemon status-notifier-watcher; do
	command -v "$p" >/dev/null || { echo "measure-idle: $p is not installed" >&2; exit 1; }
done

tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 0.3
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

bin=${DESKBREAK:-}
if [ -z "$bin" ]; then
	root=$(cd "$(dirname "$0")/.." && pwd)
	(cd "$root" && go build -o "$tmp/deskbreak" ./cmd/deskbreak)
	bin=$tmp/deskbreak
fi

# A throw-away home: the measurement must not touch the real config, state or socket.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_STATE_HOME=$tmp/home/.local/state \
	XDG_CACHE_HOME=$tmp/home/.cache XDG_DATA_HOME=$tmp/home/.local/share XDG_RUNTIME_DIR=$tmp/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export NO_AT_BRIDGE=1

if command -v Xvfb >/dev/null; then
	df=$tmp/display
	Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$df" 2>/dev/null &
	pids="$pids $!"
	i=0
	until [ -s "$df" ]; do
		i=$((i + 1)); [ $i -lt 200 ] || { echo "measure-idle: Xvfb did not start" >&2; exit 1; }
		sleep 0.05
	done
	export DISPLAY=:$(head -1 "$df")
else
	unset DISPLAY || true
	echo "measure-idle: no Xvfb; measuring without an X display" >&2
fi

out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1)
DBUS_SESSION_BUS_ADDRESS=$(echo "$out" | sed -n 1p)
export DBUS_SESSION_BUS_ADDRESS
pids="$pids $(echo "$out" | sed -n 2p)"
status-notifier-watcher >/dev/null 2>&1 &
pids="$pids $!"

"$bin" run ${RUN_ARGS:-} >"$tmp/deskbreak.log" 2>&1 </dev/null &
pid=$!
pids="$pid $pids"

# Wait for its tray item on the bus.
name=org.kde.StatusNotifierItem-$pid-1
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	org.freedesktop.DBus.NameHasOwner string:"$name" 2>/dev/null | grep -q "boolean true"; do
	i=$((i + 1))
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "measure-idle: $bin exited; its log:" >&2; cat "$tmp/deskbreak.log" >&2; exit 1
	fi
	[ $i -lt 100 ] || { echo "measure-idle: no tray item $name after 10 s; measuring anyway" >&2; break; }
	sleep 0.1
done
sleep "$settle"

# sample prints: cpu_ticks (all threads, even exited ones) cpu_ns (live threads) switches (live threads)
sample() {
	ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	ns=0
	cs=0
	for t in /proc/$pid/task/*; do
		n=$(awk '{ print $1 }' "$t/schedstat" 2>/dev/null || echo 0)
		c=$(awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { s += $2 } END { print s + 0 }' "$t/status" 2>/dev/null || echo 0)
		ns=$((ns + n))
		cs=$((cs + c))
	done
	echo "$ticks $ns $cs"
}

set -- $(sample)
t0=$1 n0=$2 c0=$3
threads0=$(ls "/proc/$pid/task" | wc -l)
echo "measure-idle: $bin run (pid $pid) idling for $secs s ..." >&2
sleep "$secs"
kill -0 "$pid" 2>/dev/null || { echo "measure-idle: $bin exited while idling; its log:" >&2; cat "$tmp/deskbreak.log" >&2; exit 1; }
set -- $(sample)
t1=$1 n1=$2 c1=$3
threads1=$(ls "/proc/$pid/task" | wc -l)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
anon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status")
file=$(awk '/^RssFile/ { print $2 }' "/proc/$pid/status")
pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
hz=$(getconf CLK_TCK)

awk -v secs="$secs" -v t0="$t0" -v t1="$t1" -v n0="$n0" -v n1="$n1" -v c0="$c0" -v c1="$c1" \
	-v hz="$hz" -v rss="$rss" -v hwm="$hwm" -v anon="$anon" -v file="$file" -v pss="$pss" -v th0="$threads0" -v th1="$threads1" -v bin="$bin" 'BEGIN {
	cpu_ticks = (t1 - t0) / hz * 3600 / secs
	cpu_ns = (n1 - n0) / 1e9 * 3600 / secs
	wake = (c1 - c0) * 60 / secs
	printf "deskbreak idle for %d s (%s)\n", secs, bin
	printf "  resident memory   VmRSS %.1f MB, VmHWM %.1f MB             target <= 10 MB   %s\n", rss / 1024, hwm / 1024, (rss <= 10240 ? "ok" : "OVER")
	printf "    of which        %.1f MB private (RssAnon), %.1f MB pages of the binary and libraries (RssFile); PSS %.1f MB\n", anon / 1024, file / 1024, pss / 1024
	printf "  CPU per idle hour %.3f s (schedstat), %.2f s (stat ticks)   target <= 0.2 s   %s\n", cpu_ns, cpu_ticks, (cpu_ns <= 0.2 ? "ok" : "OVER")
	printf "  wakeups           %.1f context switches per minute            target <= 3       %s\n", wake, (wake <= 3 ? "ok" : "OVER")
	printf "  threads           %d at start, %d at end\n", th0, th1
}'
