#!/bin/sh
# measure-idle.sh: how much an idle deskbreak costs, in named scenarios.
#
# For each scenario, one after the other, starts `deskbreak run` with its tray in a throw-away
# HOME with its own config, on a private X display (Xvfb), a private session D-Bus and a real
# StatusNotifierItem watcher, lets it idle for SECONDS (default 300), and prints its resident
# memory (VmRSS, VmHWM), CPU seconds per idle hour, context switches (wakeups) per minute and
# the context switches of each thread, from /proc/PID/{stat,status,smaps_rollup} and
# /proc/PID/task/*/{status,schedstat,comm}. A one-line summary per scenario ends the report.
#
# Scenarios (default: work off away):
#   work  at the desk, counting down to the next break: work hours all day every day, one break
#         rule far enough away, no prompts; the X pointer moves by one pixel every 20 s
#         (xdotool), so the X server's idle time stays low without waking deskbreak.
#   away  the same config, no input at all: measured once deskbreak reports the person away
#         (idle past the threshold, the default 2 min).
#   off   work hours only on a weekday three days from today: outside work hours, no input;
#         measured once deskbreak reports the person away, as for `away`.
# The state is checked with `deskbreak status` before and after each window; a state other
# than the scenario's is reported and makes the exit status 1 (the figures are still printed).
#
# Usage: scripts/measure-idle.sh [SECONDS] [SCENARIO...]
#   DESKBREAK=path/to/binary   the program to measure (default: built here the way
#                              scripts/release.sh builds it: CGO_ENABLED=0 -trimpath -gcflags "all=-l" -ldflags "-s -w")
#   SETTLE=SECONDS             start-up time left out of the figures (default 10)
#   RUN_ARGS="--no-tray"       extra arguments for deskbreak run
#
# Needs: Xvfb (xvfb), dbus-daemon and dbus-send (dbus), status-notifier-watcher
# (haskell-status-notifier-item-utils), xdotool for `work`, GNU date, go when DESKBREAK is unset.
# Linux only. Targets (issue 4): RSS <= 10 MB, CPU <= 0.2 s per idle hour, <= 3 wakeups per
# minute.
set -eu

me=measure-idle
usage() {
	echo "usage: $0 [SECONDS] [SCENARIO...]   (SCENARIO: work, away, off; default: work off away)" >&2
	exit 2
}
secs=300
case ${1:-} in
'') ;;
*[!0-9]*) ;;
*) secs=$1; shift ;;
esac
[ "$secs" -gt 0 ] || usage
[ $# -gt 0 ] || set -- work off away
scenarios=$*
for s in $scenarios; do
	case $s in work | away | off) ;; *) echo "$me: unknown scenario \"$s\"" >&2; usage ;; esac
done
settle=${SETTLE:-10}
case $settle in '' | *[!0-9]*) echo "$me: SETTLE=$settle is not a number of seconds" >&2; exit 2 ;; esac
run_args=${RUN_ARGS:-}

need() { # need PROGRAM PACKAGE [WHY]
	command -v "$1" >/dev/null 2>&1 || {
		echo "$me: $1 is not installed${3:+ ($3)}; on Debian: apt-get install $2" >&2
		exit 1
	}
}
need Xvfb xvfb
need dbus-daemon dbus
need dbus-send dbus
need status-notifier-watcher haskell-status-notifier-item-utils
case " $scenarios " in *" work "*) need xdotool xdotool "the work scenario moves the pointer with it" ;; esac
date -d 2000-01-01T00:00:00Z +%s >/dev/null 2>&1 || { echo "$me: date cannot read times (needs GNU date)" >&2; exit 1; }

tmp=$(mktemp -d)
pids="" # what the current scenario started, in the order to stop it
alive() { # alive PID: running, not exited (a child of this shell stays a zombie until waited for)
	kill -0 "$1" 2>/dev/null || return 1
	case $(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) in Z | '') return 1 ;; esac
}
stop_all() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do
		i=0
		while alive "$p"; do
			i=$((i + 1))
			if [ $i -ge 50 ]; then kill -KILL "$p" 2>/dev/null || true; break; fi
			sleep 0.1
		done
		wait "$p" 2>/dev/null || true
	done
	pids=""
}
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	trap - EXIT INT TERM
	stop_all
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The measured binary: the release build unless DESKBREAK names another.
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${DESKBREAK:-}
if [ -z "$bin" ]; then
	need go golang "to build deskbreak; or set DESKBREAK=path/to/binary"
	echo "$me: building deskbreak the release way ..." >&2
	if ! (cd "$root" && CGO_ENABLED=0 go build -trimpath -gcflags "all=-l" -ldflags "-s -w" -o "$tmp/deskbreak" ./cmd/deskbreak); then
		echo "$me: go build ./cmd/deskbreak failed; set DESKBREAK=path/to/binary to measure another build" >&2
		exit 1
	fi
	bin=$tmp/deskbreak
	rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "unknown commit")
	[ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ] || rev="$rev + uncommitted changes"
	echo "binary: release build (CGO_ENABLED=0 go build -trimpath -gcflags \"all=-l\" -ldflags \"-s -w\") of $root at $rev, $(($(wc -c <"$bin") / 1024)) KB"
else
	[ -x "$bin" ] || { echo "$me: DESKBREAK=$bin is not an executable file" >&2; exit 1; }
	echo "binary: $bin as given by DESKBREAK (not rebuilt; the release build is CGO_ENABLED=0 -trimpath -gcflags \"all=-l\" -ldflags \"-s -w\"), $(($(wc -c <"$bin") / 1024)) KB"
fi
echo "scenarios: $scenarios; $secs s each, after $settle s to settle${run_args:+; run $run_args}"

# Nothing of the real desktop or config may leak into the measurement.
unset DESKBREAK_CONFIG WAYLAND_DISPLAY XDG_SESSION_ID XDG_CURRENT_DESKTOP DESKTOP_SESSION \
	XDG_SESSION_TYPE DBUS_SYSTEM_BUS_ADDRESS 2>/dev/null || true
export NO_AT_BRIDGE=1

# The break comes after the window: every 2 hours, or longer for a long window.
every=$(((secs + settle) / 3600 + 2))
day_names="mon tue wed thu fri sat sun"
threshold=120 # seconds without input that count as away: the default, written out

write_config() { # write_config SCENARIO FILE
	mkdir -p "$(dirname "$2")"
	{
		echo "# measure-idle.sh, scenario $1"
		echo "[work_hours]"
		if [ "$1" = off ]; then
			# One weekday three days from today (%u: 1 is Monday), so that the window is outside it.
			n=$((($(date +%u) + 2) % 7 + 1))
			d=$(echo "$day_names" | cut -d' ' -f"$n")
			echo "$d = [\"09:00-17:00\"]"
		else
			for d in $day_names; do echo "$d = [\"00:00-24:00\"]"; done
		fi
		echo
		echo "[idle]"
		echo "threshold = \"${threshold}s\""
		echo
		echo "# The only rule: no prompts, and no break during the window."
		echo "[breaks.exercise]"
		echo "every = \"${every}h\""
		echo "duration = \"3m\""
	} >"$2"
	if ! out=$("$bin" config check "$2" 2>&1); then
		echo "$me: $1: the written config is not accepted:" >&2
		echo "$out" >&2
		sed 's/^/    /' "$2" >&2
		exit 1
	fi
}

json_field() { # json_field FILE KEY: a top-level string or null field of `status --json`
	sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$1" | head -1
}
next_at() { # next_at FILE: next.at of `status --json`, or nothing
	awk '/^  "next": \{/ { n = 1; next } n && /^  }/ { exit } n && /^    "at": / { gsub(/[",]/, "", $2); print $2; exit }' "$1"
}

# check_state SCENARIO WHEN FILE: whether `status --json` in FILE is what the scenario intends;
# prints why not.
check_state() {
	st=$(json_field "$3" state)
	away=$(json_field "$3" away_since)
	case $1 in
	work)
		[ "$st" = working ] || { echo "state is \"$st\", not \"working\""; return 1; }
		[ "$away" = null ] || { echo "deskbreak counts the person away since $away"; return 1; }
		if [ "$2" = start ]; then
			at=$(next_at "$3")
			[ -n "$at" ] || { echo "no next break"; return 1; }
			now=$(json_field "$3" now)
			left=$(($(date -d "$at" +%s) - $(date -d "$now" +%s)))
			[ "$left" -gt "$secs" ] || { echo "the next break ($at) comes in $left s, inside the $secs s window"; return 1; }
		fi
		;;
	away)
		[ "$st" = working ] || { echo "state is \"$st\", not \"working\" (away)"; return 1; }
		[ "$away" != null ] || { echo "deskbreak does not count the person away"; return 1; }
		;;
	off)
		[ "$st" = off_hours ] || { echo "state is \"$st\", not \"off_hours\""; return 1; }
		;;
	esac
	return 0
}

# status_lines SCENARIO WHEN: the first line of `deskbreak status` and its "away" line
status_lines() {
	"$bin" status >"$dir/status.txt" 2>&1 || true
	{
		sed -n 1p "$dir/status.txt"
		grep '^You are away' "$dir/status.txt" || true
	} | sed "s/^/$1: status at $2: /"
}

# sample_threads FILE: one line per thread: TID comm voluntary nonvoluntary
sample_threads() {
	for t in "/proc/$pid/task/"*; do
		[ -d "$t" ] || continue
		c=$(tr -c 'A-Za-z0-9_./:\n-' _ <"$t/comm" 2>/dev/null || echo "?")
		awk -v tid="${t##*/}" -v comm="$c" '
			/^voluntary_ctxt_switches/ { v = $2 } /^nonvoluntary_ctxt_switches/ { nv = $2 }
			END { print tid, comm, v + 0, nv + 0 }' "$t/status" 2>/dev/null || true
	done >"$1"
}

# sample prints: cpu_ticks (all threads, even exited ones) cpu_ns (live threads) switches (live threads)
sample() {
	ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	ns=0
	cs=0
	for t in "/proc/$pid/task/"*; do
		n=$(awk '{ print $1 }' "$t/schedstat" 2>/dev/null || echo 0)
		c=$(awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { s += $2 } END { print s + 0 }' "$t/status" 2>/dev/null || echo 0)
		ns=$((ns + n))
		cs=$((cs + c))
	done
	echo "$ticks $ns $cs"
}

died() { # died WHAT
	echo "$me: $sc: $bin $1; its log:" >&2
	cat "$dir/deskbreak.log" >&2
	exit 1
}

bad=0
summary=""
for sc in $scenarios; do
	dir=$tmp/$sc
	mkdir -p "$dir"
	# A throw-away home: the measurement must not touch the real config, state or socket.
	export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" XDG_STATE_HOME="$dir/home/.local/state" \
		XDG_CACHE_HOME="$dir/home/.cache" XDG_DATA_HOME="$dir/home/.local/share" XDG_RUNTIME_DIR="$dir/run"
	mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
	chmod 700 "$XDG_RUNTIME_DIR"
	write_config "$sc" "$XDG_CONFIG_HOME/deskbreak/config.toml"

	Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp -noreset 5>"$dir/display" 2>"$dir/xvfb.log" &
	pids="$pids $!"
	i=0
	until [ -s "$dir/display" ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || { echo "$me: $sc: Xvfb did not start:" >&2; cat "$dir/xvfb.log" >&2; exit 1; }
		sleep 0.05
	done
	DISPLAY=:$(head -1 "$dir/display")
	xstart=$(date +%s)
	export DISPLAY

	out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1)
	DBUS_SESSION_BUS_ADDRESS=$(echo "$out" | sed -n 1p)
	export DBUS_SESSION_BUS_ADDRESS
	pids="$pids $(echo "$out" | sed -n 2p)"
	status-notifier-watcher >/dev/null 2>&1 &
	pids="$pids $!"

	if [ "$sc" = work ]; then
		# A person at the desk: the pointer moves one pixel and back, every 20 s.
		xdotool mousemove_relative -- 1 0 ||
			{ echo "$me: work: xdotool cannot move the pointer on $DISPLAY" >&2; exit 1; }
		(
			trap 'kill "$z" 2>/dev/null; exit 0' TERM
			z=""
			d=-1
			while :; do
				z=""
				sleep 20 &
				z=$!
				wait "$z" || true
				xdotool mousemove_relative -- "$d" 0 >/dev/null 2>&1 || exit 1
				d=$((-d))
			done
		) &
		mover=$!
		pids="$mover $pids"
	fi

	# shellcheck disable=SC2086 # RUN_ARGS is split into arguments on purpose
	"$bin" run $run_args >"$dir/deskbreak.log" 2>&1 </dev/null &
	pid=$!
	pids="$pid $pids"

	# Wait for its control socket, then for its tray item on the bus.
	i=0
	until "$bin" status >/dev/null 2>&1; do
		alive "$pid" || died "exited at start"
		i=$((i + 1))
		[ $i -lt 100 ] || died "does not answer \`deskbreak status\` after 10 s"
		sleep 0.1
	done
	case " $run_args " in
	*" --no-tray "* | *" -no-tray "*) ;;
	*)
		name=org.kde.StatusNotifierItem-$pid-1
		i=0
		until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
			org.freedesktop.DBus.NameHasOwner string:"$name" 2>/dev/null | grep -q "boolean true"; do
			alive "$pid" || died "exited at start"
			i=$((i + 1))
			[ $i -lt 100 ] || { echo "$me: $sc: no tray item $name after 10 s; measuring anyway" >&2; break; }
			sleep 0.1
		done
		;;
	esac
	sleep "$settle"

	if [ "$sc" = away ] || [ "$sc" = off ]; then
		# No input since the X server started: idle passes the threshold $threshold s after it,
		# and deskbreak counts the person away (off hours too), once. Measure after that.
		# Ask deskbreak only then, and seldom: each request is work for it.
		w=$((xstart + threshold + 5 - $(date +%s)))
		echo "$me: $sc: waiting ${w} s for the idle threshold, then until deskbreak counts the person away ..." >&2
		[ "$w" -le 0 ] || sleep "$w"
		i=0
		until "$bin" status --json >"$dir/status.json" 2>&1 && [ "$(json_field "$dir/status.json" away_since)" != null ]; do
			alive "$pid" || died "exited while waiting"
			i=$((i + 1))
			[ $i -lt 90 ] || { echo "$me: $sc: not counted away 15 min after the threshold; measuring anyway" >&2; break; }
			sleep 10
		done
		sleep 2 # let the answer to the last status request pass
	fi

	# The state at the start; the status requests come before the window.
	"$bin" status --json >"$dir/status.json" 2>&1 || true
	status_lines "$sc" start
	startok=""
	if ! why=$(check_state "$sc" start "$dir/status.json"); then
		startok="at start: $why"
		echo "$sc: UNEXPECTED $startok" >&2
	fi
	sleep 1

	sample_threads "$dir/threads0"
	read -r t0 n0 c0 <<EOF
$(sample)
EOF
	threads0=$(wc -l <"$dir/threads0")
	echo "$me: $sc: $bin run (pid $pid) idling for $secs s ..." >&2
	sleep "$secs"
	alive "$pid" || died "exited while idling"
	read -r t1 n1 c1 <<EOF
$(sample)
EOF
	sample_threads "$dir/threads1"
	threads1=$(wc -l <"$dir/threads1")
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
	anon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status")
	file=$(awk '/^RssFile/ { print $2 }' "/proc/$pid/status")
	pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
	hz=$(getconf CLK_TCK)

	awk -v sc="$sc" -v secs="$secs" -v t0="$t0" -v t1="$t1" -v n0="$n0" -v n1="$n1" -v c0="$c0" -v c1="$c1" \
		-v hz="$hz" -v rss="$rss" -v hwm="$hwm" -v anon="$anon" -v file="$file" -v pss="$pss" -v th0="$threads0" -v th1="$threads1" -v bin="$bin" -v out="$dir/summary" 'BEGIN {
		cpu_ticks = (t1 - t0) / hz * 3600 / secs
		cpu_ns = (n1 - n0) / 1e9 * 3600 / secs
		wake = (c1 - c0) * 60 / secs
		printf "%s: deskbreak idle for %d s (%s)\n", sc, secs, bin
		printf "%s:   resident memory   VmRSS %.1f MB, VmHWM %.1f MB             target <= 10 MB   %s\n", sc, rss / 1024, hwm / 1024, (rss <= 10240 ? "ok" : "OVER")
		printf "%s:     of which        %.1f MB private (RssAnon), %.1f MB pages of the binary and libraries (RssFile); PSS %.1f MB\n", sc, anon / 1024, file / 1024, pss / 1024
		printf "%s:   CPU per idle hour %.3f s (schedstat), %.2f s (stat ticks)   target <= 0.2 s   %s\n", sc, cpu_ns, cpu_ticks, (cpu_ns <= 0.2 ? "ok" : "OVER")
		printf "%s:   wakeups           %.1f context switches per minute            target <= 3       %s\n", sc, wake, (wake <= 3 ? "ok" : "OVER")
		printf "%s:   threads           %d at start, %d at end\n", sc, th0, th1
		# for the summary
		printf "RSS %.1f MB %s, CPU %.3f s/h %s, %.1f wakeups/min %s\n", rss / 1024, (rss <= 10240 ? "ok" : "OVER"), cpu_ns, (cpu_ns <= 0.2 ? "ok" : "OVER"), wake, (wake <= 3 ? "ok" : "OVER") >out
	}'

	# Where the resident memory is: each mapping of at least 64 kB resident, largest first
	# (the program's own segments, by permissions: r-xp code, r--p read-only data and the
	# tables of functions, rw-p data; anonymous ones are the heap, stacks and runtime).
	echo "$sc:   mappings with at least 64 kB resident (smaps):"
	awk -v sc="$sc" '
		/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anonymous]" : $6); key = $2 " " name; next }
		/^Size:/ { size[key] += $2 }
		/^Rss:/ { rss[key] += $2 }
		END { for (k in rss) if (rss[k] >= 64) printf "%s:     %7.1f MB of %7.1f MB  %s\n", sc, rss[k] / 1024, size[k] / 1024, k }
	' "/proc/$pid/smaps" | sort -t: -k2 -rn

	# Context switches per thread in the window: threads that started in it count from 0.
	echo "$sc:   context switches per thread in the window:"
	printf '%s:     %-8s %-16s %9s %12s\n' "$sc" TID comm voluntary nonvoluntary
	awk -v sc="$sc" '
		FNR == NR { c[$1] = $2; v0[$1] = $3; nv0[$1] = $4; next }
		{ seen[$1] = 1; printf "%s:     %-8s %-16s %9d %12d%s\n", sc, $1, $2, $3 - v0[$1], $4 - nv0[$1], ($1 in c ? "" : "   (started in the window)") }
		END { for (t in c) if (!(t in seen)) printf "%s:     %-8s %-16s %9s %12s   (exited in the window)\n", sc, t, c[t], "?", "?" }
	' "$dir/threads0" "$dir/threads1" | sort -k2,2n

	"$bin" status --json >"$dir/status.json" 2>&1 || true
	status_lines "$sc" end
	endok=""
	if ! why=$(check_state "$sc" end "$dir/status.json"); then
		endok="at end: $why"
	elif [ "$sc" = work ] && ! alive "$mover"; then
		endok="at end: xdotool stopped moving the pointer"
	fi
	[ -z "$endok" ] || echo "$sc: UNEXPECTED $endok" >&2
	if [ -n "$startok$endok" ]; then
		bad=1
		state="state NOT as intended (${startok}${startok:+${endok:+; }}${endok})"
	else
		state="state as intended: $(json_field "$dir/status.json" state)"
		a=$(json_field "$dir/status.json" away_since)
		[ "$a" = null ] || state="$state, away since $a"
		a=$(next_at "$dir/status.json")
		[ -z "$a" ] || state="$state, next at $a"
	fi
	summary="$summary$(printf '%-5s %s; %s' "$sc" "$(cat "$dir/summary")" "$state")
"
	stop_all
	echo
done

echo "summary ($secs s each; targets: RSS <= 10 MB, CPU <= 0.2 s per idle hour, <= 3 wakeups per minute):"
printf '%s' "$summary" | sed 's/^/  /'
exit $bad
