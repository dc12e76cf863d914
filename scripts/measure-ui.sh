#!/bin/sh
# measure-ui.sh: what the web UI (cmd/deskbreak-ui) costs: start-up, page weight, settings
# preview latency, and the memory of the daemon and the UI with and without a page open.
#
# Runs `deskbreak run --no-tray` in a throw-away HOME with a config that is in work hours all day
# every day and has one break rule two hours away (like measure-idle.sh's `work` scenario), with
# no X display and no session bus (idle time is then the wall clock and notifications are
# skipped), waits until `deskbreak status` answers, and prints:
#   1. UI start to first byte, RUNS times (default 5): from launching `deskbreak-ui --no-open PAGE`
#      to the first byte of the page fetched through the one-time login URL it prints, with a
#      cookie jar (the /auth redirect and the page itself); min / median / max in ms, split into
#      launch to URL printed and the request's time to first byte (curl's own start-up left out).
#   2. The weight of each page (break, settings, stats, exercises): the HTML, the /static/ assets
#      and /picture/ images its src= and href= attributes name, and the total, in bytes as
#      transferred (curl --compressed). Every page is counted as a cold load: the UI answers
#      everything with Cache-Control: no-store. The history is empty, so the statistics page is
#      at its lightest.
#   3. The settings preview latency: PREVIEWS (default 20) POSTs of /settings/preview with the
#      settings page's own form as the browser's FormData sends it (every input, checked box and
#      selected option, in page order; the spare empty row of a day with ranges is left out as
#      the page's script removes it), the session cookie, the CSRF token and a matching Origin;
#      the server's own time (the preview's data-us) and curl's total time, min / median / max.
#   4. Resident memory (VmRSS, VmHWM from /proc/PID/status) of the daemon with no UI, with the UI
#      running and one page connected (`curl -N` on /events, the server-sent events stream,
#      kept open for HOLD seconds), and after the UI has exited on its own (it is started with
#      --idle IDLE and must go within IDLE + 15 s of the page closing); and the UI's own memory
#      with the page connected, before and after serving the pages and the previews.
# The machine may be busy: the times are wall-clock times and say so; run it twice.
#
# Usage: scripts/measure-ui.sh [RUNS]
#   DESKBREAK=path/to/deskbreak      the daemon (default: built here as measure-idle.sh does:
#                                    CGO_ENABLED=0 go build -trimpath -gcflags "all=-l" -ldflags "-s -w")
#   DESKBREAK_UI=path/to/deskbreak-ui  the UI (default: built here as scripts/release.sh builds
#                                    it: CGO_ENABLED=0 go build -trimpath -ldflags "-s -w")
#   PAGE=break                       the page the start-up runs open (break, settings, stats, exercises)
#   PREVIEWS=20                      settings preview requests
#   HOLD=15                          seconds the page stays connected before the memory is read
#   SETTLE=5                         seconds the daemon runs before its first memory reading
#   IDLE=10                          the UI's --idle: how soon it exits once no page is connected
#   CONFIG=path/to/config.toml       a config to measure with instead (copied; it must put now in
#                                    work hours): the preview's time grows with the rules it plans
#
# Needs: curl, GNU date (nanoseconds), awk, sed, mkfifo; go when DESKBREAK or DESKBREAK_UI is
# unset. Linux only (/proc). Exits 2 on bad usage, 1 with a message naming what went wrong when
# something does not work as it should (a check that does not stop the measuring, such as the UI
# not exiting on its own, is told as FAILED and the figures are still printed).
set -eu

me=measure-ui
usage() {
	echo "usage: $0 [RUNS]   (RUNS: UI start-up runs, default 5; see the header for PAGE, PREVIEWS, HOLD, SETTLE, IDLE)" >&2
	exit 2
}
runs=5
case $# in
0) ;;
1)
	case $1 in
	-h | --help) sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) echo "$me: unknown option \"$1\"" >&2; usage ;;
	'' | *[!0-9]*) echo "$me: \"$1\" is not a number of runs" >&2; usage ;;
	esac
	runs=$1
	;;
*) echo "$me: one argument at most, got $#: $*" >&2; usage ;;
esac
[ "$runs" -gt 0 ] || { echo "$me: RUNS must be at least 1" >&2; usage; }
number() { # number NAME VALUE DEFAULT: VALUE, or DEFAULT when empty; exits when not a number > 0
	v=${2:-$3}
	case $v in '' | *[!0-9]* | 0) echo "$me: $1=$2 is not a whole number above 0" >&2; exit 2 ;; esac
	echo "$v"
}
previews=$(number PREVIEWS "${PREVIEWS:-}" 20)
hold=$(number HOLD "${HOLD:-}" 15)
settle=$(number SETTLE "${SETTLE:-}" 5)
idle=$(number IDLE "${IDLE:-}" 10)
page=${PAGE:-break}
case $page in break | settings | stats | exercises) ;; *) echo "$me: PAGE=$page is not a page: want break, settings, stats or exercises" >&2; exit 2 ;; esac

need() { # need PROGRAM PACKAGE [WHY]
	command -v "$1" >/dev/null 2>&1 || {
		echo "$me: $1 is not installed${3:+ ($3)}; on Debian: apt-get install $2" >&2
		exit 1
	}
}
need curl curl
need awk mawk
need sed sed
need mkfifo coreutils
case $(date +%N 2>/dev/null) in
'' | *[!0-9]*) echo "$me: date cannot print nanoseconds (needs GNU date, coreutils)" >&2; exit 1 ;;
esac
[ -r /proc/self/status ] || { echo "$me: no /proc/self/status: Linux only" >&2; exit 1; }

tmp=$(mktemp -d)
pids="" # what this script started and still runs, stopped in this order
alive() { # alive PID: running, not exited (a child of this shell stays a zombie until waited for)
	kill -0 "$1" 2>/dev/null || return 1
	case $(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) in Z | '') return 1 ;; esac
}
stop() { # stop PID...: TERM, then KILL after 5 s; forgets them
	for p in "$@"; do kill "$p" 2>/dev/null || true; done
	for p in "$@"; do
		i=0
		while alive "$p"; do
			i=$((i + 1))
			if [ $i -ge 50 ]; then kill -KILL "$p" 2>/dev/null || true; break; fi
			sleep 0.1
		done
		wait "$p" 2>/dev/null || true
		rest=""
		for q in $pids; do [ "$q" = "$p" ] || rest="$rest $q"; done
		pids=$rest
	done
}
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	trap - EXIT INT TERM
	# shellcheck disable=SC2086 # a list of pids
	stop $pids
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The measured binaries: built here unless DESKBREAK / DESKBREAK_UI name them.
root=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "unknown commit")
[ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ] || rev="$rev + uncommitted changes"
binary() { # binary VAR PACKAGE GCFLAGS LDFLAGS HOW: prints the path of the program to measure
	given=$(eval "echo \"\${$1:-}\"")
	if [ -n "$given" ]; then
		[ -f "$given" ] && [ -x "$given" ] || { echo "$me: $1=$given is not an executable file" >&2; exit 1; }
		echo "$given"
		return
	fi
	need go golang "to build $2; or set $1=path/to/binary"
	out=$tmp/bin/$(basename "$2")
	echo "$me: building $2 ($5) ..." >&2
	if ! (cd "$root" && CGO_ENABLED=0 go build -trimpath -gcflags "$3" -ldflags "$4" -o "$out" "$2"); then
		echo "$me: go build $2 failed; set $1=path/to/binary to measure another build" >&2
		exit 1
	fi
	echo "$out"
}
bin=$(binary DESKBREAK ./cmd/deskbreak "all=-l" "-s -w" 'CGO_ENABLED=0 -trimpath -gcflags "all=-l" -ldflags "-s -w", as measure-idle.sh')
ui=$(binary DESKBREAK_UI ./cmd/deskbreak-ui "" "-s -w" 'CGO_ENABLED=0 -trimpath -ldflags "-s -w", as scripts/release.sh builds it')
kb() { echo "$(($(wc -c <"$1") / 1024)) KB"; }
if [ -n "${DESKBREAK:-}" ]; then
	echo "daemon: $bin as given by DESKBREAK, $(kb "$bin")"
else
	echo "daemon: CGO_ENABLED=0 go build -trimpath -gcflags \"all=-l\" -ldflags \"-s -w\" of $root at $rev, $(kb "$bin")"
fi
if [ -n "${DESKBREAK_UI:-}" ]; then
	echo "UI:     $ui as given by DESKBREAK_UI, $(kb "$ui")"
else
	echo "UI:     CGO_ENABLED=0 go build -trimpath -ldflags \"-s -w\" (release.sh's build) of $root at $rev, $(kb "$ui")"
fi
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load average $load at the start; times are wall-clock times"

# A throw-away home, no desktop: nothing real is read or touched.
unset DESKBREAK_CONFIG DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS \
	XDG_SESSION_ID XDG_CURRENT_DESKTOP DESKTOP_SESSION XDG_SESSION_TYPE BROWSER 2>/dev/null || true
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_STATE_HOME="$tmp/home/.local/state" \
	XDG_CACHE_HOME="$tmp/home/.cache" XDG_DATA_HOME="$tmp/home/.local/share" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_CONFIG_HOME/deskbreak" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cfg=$XDG_CONFIG_HOME/deskbreak/config.toml
if [ -n "${CONFIG:-}" ]; then
	cp "$CONFIG" "$cfg" || { echo "$me: CONFIG=$CONFIG cannot be read" >&2; exit 1; }
	echo "config: $CONFIG"
else
	{
		echo "# measure-ui.sh: at work all day every day; one break, two hours away"
		echo "[work_hours]"
		for d in mon tue wed thu fri sat sun; do echo "$d = [\"00:00-24:00\"]"; done
		echo
		echo "[breaks.exercise]"
		echo "every = \"2h\""
		echo "duration = \"3m\""
	} >"$cfg"
	echo "config: work hours all day every day, one break every 2 h (measure-idle.sh's work scenario)"
fi
if ! out=$("$bin" config check "${CONFIG:-$cfg}" 2>&1); then
	echo "$me: the config is not accepted:" >&2
	echo "$out" >&2
	exit 1
fi

"$bin" run --no-tray >"$tmp/daemon.log" 2>&1 </dev/null &
dpid=$!
pids="$dpid"
died() { # died WHAT
	echo "$me: $bin $1; its log:" >&2
	sed 's/^/    /' "$tmp/daemon.log" >&2
	exit 1
}
i=0
until "$bin" status >/dev/null 2>&1; do
	alive "$dpid" || died "exited at start"
	i=$((i + 1))
	[ $i -lt 100 ] || died "does not answer \`deskbreak status\` after 10 s"
	sleep 0.1
done
state=$("$bin" status --json 2>&1 | sed -n 's/^  "state": "\([^"]*\)",*$/\1/p')
[ "$state" = working ] || died "is in state \"$state\", not \"working\"${CONFIG:+ (CONFIG=$CONFIG must put now in work hours)}"
sleep "$settle"

mem() { # mem PID: "VmRSS VmHWM" in KB
	awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { print r + 0, h + 0 }' "/proc/$1/status"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
memline() { # memline PID [daemon]: "VmRSS x MB, VmHWM y MB", and for the daemon its target
	w=${2:-}
	set -- $(mem "$1")
	echo "VmRSS $(mb "$1")${w:+ $(awk -v r="$1" 'BEGIN { print (r <= 10240 ? "ok" : "OVER") }')}, VmHWM $(mb "$2")"
}
d_before=$(memline "$dpid" daemon)

# stats FILE: min median max of the numbers in FILE, one a line
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f\n", v[1], m, v[NR] }'
}
failed=0
fail() { # fail MESSAGE: a check that failed; measuring goes on
	echo "$me: FAILED: $*" >&2
	failed=1
}

# start_ui PAGE [ARGS...]: starts the UI; sets uipid, url, addr and t_launch/t_url (ns)
fifo=$tmp/url.fifo
mkfifo "$fifo"
start_ui() {
	p=$1
	shift
	t_launch=$(date +%s%N)
	"$ui" --no-open "$@" "$p" >"$fifo" 2>"$tmp/ui.log" </dev/null &
	uipid=$!
	pids="$uipid $pids"
	# A UI that hangs before it prints is stopped, which ends the read below.
	(
		s=""
		trap 'kill "$s" 2>/dev/null; exit 0' TERM
		sleep 30 &
		s=$!
		wait "$s"
		kill "$uipid" 2>/dev/null
	) >/dev/null 2>&1 &
	watchdog=$!
	url=""
	read -r url <"$fifo" || true
	t_url=$(date +%s%N)
	kill "$watchdog" 2>/dev/null || true
	wait "$watchdog" 2>/dev/null || true
	case $url in
	http://127.0.0.1:*/auth\?token=*) ;;
	*)
		echo "$me: $ui --no-open${*:+ $*} $p did not print its login URL (it printed \"$url\"; it is stopped after 30 s); its log:" >&2
		sed 's/^/    /' "$tmp/ui.log" >&2
		exit 1
		;;
	esac
	addr=${url#http://}
	addr=${addr%%/*}
}

# 1. Start-up to first byte, a fresh UI process and cookie jar each run.
echo
echo "1. UI start to first byte of /$page, $runs times, a fresh process and cookie jar each:"
: >"$tmp/ttfb" && : >"$tmp/launch" && : >"$tmp/req"
n=0
while [ $n -lt "$runs" ]; do
	n=$((n + 1))
	rm -f "$tmp/jar"
	start_ui "$page"
	out=$(curl -sS -L -c "$tmp/jar" -b "$tmp/jar" -o "$tmp/page.html" \
		-w '%{http_code} %{num_redirects} %{time_starttransfer}' "$url" 2>&1) || {
		echo "$me: curl $url: $out" >&2
		exit 1
	}
	set -- $out
	[ "$1" = 200 ] && [ "$2" = 1 ] || {
		echo "$me: the login URL answered $1 after $2 redirects, not 200 after 1 (/auth, then /$page)" >&2
		exit 1
	}
	awk -v a="$t_launch" -v b="$t_url" -v s="$3" -v n="$n" -v f1="$tmp/launch" -v f2="$tmp/req" -v f3="$tmp/ttfb" 'BEGIN {
		l = (b - a) / 1e6; r = s * 1000
		printf "   run %d: %6.1f ms = %5.1f ms launch to URL printed + %5.1f ms to the first byte of the page\n", n, l + r, l, r
		print l >>f1; print r >>f2; print l + r >>f3 }'
	stop "$uipid"
done
set -- $(stats "$tmp/ttfb")
echo "   start to first byte   min $1 ms, median $2 ms, max $3 ms"
set -- $(stats "$tmp/launch")
echo "     launch to URL       min $1 ms, median $2 ms, max $3 ms"
set -- $(stats "$tmp/req")
echo "     request (auth+page) min $1 ms, median $2 ms, max $3 ms"

# The UI that the rest is measured on: logged in once, one page connected to /events.
rm -f "$tmp/jar"
start_ui "$page" --idle "${idle}s"
ui_exitwait=$((idle + 15))
curl -sS -c "$tmp/jar" -b "$tmp/jar" -o /dev/null "$url" || { echo "$me: could not log in with $url" >&2; exit 1; }
base=http://$addr
curl -sS -N -b "$tmp/jar" "$base/events" >"$tmp/events" 2>"$tmp/events.err" &
epid=$!
pids="$epid $pids"
sleep "$hold"
alive "$epid" || fail "the /events stream ended within $hold s: $(cat "$tmp/events.err")"
grep -q '^data: ' "$tmp/events" || fail "no event (a \"data:\" line) on /events in $hold s"
alive "$uipid" || { echo "$me: the UI exited with a page connected; its log:" >&2; sed 's/^/    /' "$tmp/ui.log" >&2; exit 1; }
d_with=$(memline "$dpid" daemon)
u_with=$(memline "$uipid")

# 2. Page weight.
echo
echo "2. Page weight (bytes as transferred with curl --compressed, each page a cold load):"
printf '   %-10s %8s %8s %8s %8s %s\n' page HTML static pictures total "(files)"
wire=0 raw=0 # all bytes as transferred and as decoded
get() { # get PATH FILE: fetches PATH into FILE; prints its size as transferred and decoded; fails on an answer other than 200
	o=$(curl -sS --compressed -b "$tmp/jar" -o "$2" -w '%{http_code} %{size_download}' "$base$1" 2>&1) || {
		echo "$me: GET $1: $o" >&2
		return 1
	}
	set -- "$1" "$2" $o
	[ "$3" = 200 ] || { echo "$me: GET $1 answered $3: $(head -c 300 "$2" 2>/dev/null)" >&2; return 1; }
	echo "$4 $(wc -c <"$2")"
}
for p in break settings stats exercises; do
	o=$(get "/$p" "$tmp/$p.html") || exit 1
	set -- $o
	h=$1 wire=$((wire + $1)) raw=$((raw + $2))
	# The src= and href= of the page that name the UI's own files; each counted once.
	{ grep -oE '(src|href)="/(static|picture)/[^"#?]*"' "$tmp/$p.html" || true; } | sed 's/^[a-z]*="\(.*\)"$/\1/' |
		sort -u >"$tmp/$p.refs"
	st=0 pic=0 ns=0 np=0
	while read -r ref; do
		o=$(get "$ref" "$tmp/body") || { fail "/$p names $ref, which does not load"; continue; }
		set -- $o
		b=$1 wire=$((wire + $1)) raw=$((raw + $2))
		case $ref in
		/picture/*) pic=$((pic + b)) np=$((np + 1)) ;;
		*) st=$((st + b)) ns=$((ns + 1)) ;;
		esac
	done <"$tmp/$p.refs"
	printf '   %-10s %8d %8d %8d %8d (1 + %d static + %d pictures)\n' "/$p" "$h" "$st" "$pic" $((h + st + pic)) "$ns" "$np"
done
echo "   (the break page draws its picture from its script once a break is on: none now)"
if [ "$wire" = "$raw" ]; then
	echo "   (nothing came compressed: the UI sends no Content-Encoding)"
else
	echo "   (compressed: $wire bytes transferred for $raw bytes)"
fi

# 3. Settings preview: the settings page's form as the browser sends it.
echo
csrf=$(sed -n 's/.*<meta name="csrf" content="\([0-9a-f]*\)">.*/\1/p' "$tmp/settings.html" | head -1)
[ -n "$csrf" ] || { echo "$me: no <meta name=\"csrf\"> in the settings page" >&2; exit 1; }
# The form's fields, URL-encoded, in page order: what new URLSearchParams(new FormData(form)) gives.
LC_ALL=C awk '
	BEGIN { RS = "<"; for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }
	function attr(s, name,   v) {
		if (!match(s, "[ \t\n]" name "=\"[^\"]*\"")) return ""
		v = substr(s, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
		return v
	}
	function has(s, name) { return s ~ ("[ \t\n]" name "([ \t\n=/>]|$)") }
	function unescape(s,   out, m) { # the entities html/template writes
		out = ""
		while (match(s, /&(#[0-9]+|amp|lt|gt|quot|apos);/)) {
			m = substr(s, RSTART + 1, RLENGTH - 2)
			out = out substr(s, 1, RSTART - 1) (m ~ /^#/ ? sprintf("%c", substr(m, 2) + 0) : m == "amp" ? "&" : m == "lt" ? "<" : m == "gt" ? ">" : m == "quot" ? "\"" : "\x27")
			s = substr(s, RSTART + RLENGTH)
		}
		return out s
	}
	function enc(s,   out, i, c) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c ~ /[A-Za-z0-9*._-]/) out = out c
			else if (c == " ") out = out "+"
			else out = out sprintf("%%%02X", ord[c])
		}
		return out
	}
	function emit(name, value) {
		if (name == "") return
		printf "%s%s=%s", (n++ ? "&" : ""), enc(unescape(name)), enc(unescape(value))
	}
	function endselect() { if (sel != "" && !chosen && first != "") emit(sel, firstv); sel = "" }
	{ t = substr($0, 1, index($0, ">")) } # the tag, without the text after it
	/^form[ \t\n]/ && attr(t, "id") == "settings" { inform = 1; next }
	!inform { next }
	/^\/form>/ { exit }
	/^li[ \t\n]/ { spare = attr(t, "class") ~ /(^| )spare( |$)/; next }
	/^\/li>/ { spare = 0; next }
	/^input[ \t\n]/ {
		name = attr(t, "name"); type = attr(t, "type"); if (type == "") type = "text"
		if (has(t, "disabled") || type ~ /^(submit|button|image|reset|file)$/) next
		if (type == "checkbox" || type == "radio") {
			if (has(t, "checked")) emit(name, has(t, "value") ? attr(t, "value") : "on")
			next
		}
		# A day that has ranges: its spare empty row is removed by the page script.
		if (spare) { split(name, k, "."); if (k[1] == "work_hours" && ranges[k[2]]) next }
		if (name ~ /^work_hours\.[a-z]+\.start$/ && !spare) { split(name, k, "."); ranges[k[2]] = 1 }
		emit(name, attr(t, "value"))
		next
	}
	/^select[ \t\n]/ { endselect(); sel = has(t, "disabled") ? "" : attr(t, "name"); chosen = 0; first = ""; next }
	/^option[ \t\n>]/ && sel != "" {
		v = has(t, "value") ? attr(t, "value") : substr($0, index($0, ">") + 1)
		if (first == "") { first = 1; firstv = v }
		if (has(t, "selected") && !chosen) { chosen = 1; emit(sel, v) }
		next
	}
	/^\/select>/ { endselect(); next }
	/^textarea[ \t\n]/ { if (!has(t, "disabled")) emit(attr(t, "name"), substr($0, index($0, ">") + 1)); next }
	END { endselect() }
' "$tmp/settings.html" >"$tmp/form"
fields=$(tr '&' '\n' <"$tmp/form" | grep -c . || true)
grep -q "csrf=$csrf" "$tmp/form" || { echo "$me: the settings form has no csrf field; read from it: $(head -c 300 "$tmp/form")" >&2; exit 1; }
echo "3. Settings preview, POST /settings/preview $previews times with the page's form ($fields fields, $(wc -c <"$tmp/form") bytes):"
: >"$tmp/us" && : >"$tmp/total"
n=0
while [ $n -lt "$previews" ]; do
	n=$((n + 1))
	o=$(curl -sS -b "$tmp/jar" -H "Origin: $base" -H "X-CSRF-Token: $csrf" \
		-H 'Content-Type: application/x-www-form-urlencoded;charset=UTF-8' --data-binary "@$tmp/form" \
		-o "$tmp/preview.json" -w '%{http_code} %{time_total}' "$base/settings/preview" 2>&1) || {
		echo "$me: POST /settings/preview: $o" >&2
		exit 1
	}
	set -- $o
	[ "$1" = 200 ] || { echo "$me: POST /settings/preview answered $1: $(head -c 300 "$tmp/preview.json")" >&2; exit 1; }
	grep -q '"errors":\[\]' "$tmp/preview.json" || {
		echo "$me: the preview found problems in the page's own form, so the form was not sent as the page sends it: $(head -c 500 "$tmp/preview.json")" >&2
		exit 1
	}
	us=$(sed -n 's/.*data-us=\\"\([0-9]*\)\\".*/\1/p' "$tmp/preview.json")
	[ -n "$us" ] || { echo "$me: no data-us in the preview: $(head -c 300 "$tmp/preview.json")" >&2; exit 1; }
	awk -v u="$us" 'BEGIN { print u / 1000 }' >>"$tmp/us"
	awk -v t="$2" 'BEGIN { print t * 1000 }' >>"$tmp/total"
done
# The preview is HTML in a JSON string: its quotes are \", its > is \u003e.
planned=$(sed -n -e 's/.*data-us=\\"[0-9]*\\"\\u003e\([0-9]*\) breaks and prompts.*/\1/p' \
	-e 's/.*data-us=\\"[0-9]*\\">\([0-9]*\) breaks and prompts.*/\1/p' "$tmp/preview.json" | head -1)
set -- $(stats "$tmp/us")
echo "   server time (data-us)  min $1 ms, median $2 ms, max $3 ms   target < 50 ms   $(awk -v m="$3" 'BEGIN { print (m < 50 ? "ok" : "OVER") }')"
set -- $(stats "$tmp/total")
echo "   curl total time        min $1 ms, median $2 ms, max $3 ms"
echo "   (the preview plans ${planned:-?} breaks and prompts in the next 7 days)"
u_after=$(memline "$uipid")

# 4. Memory; the page closes, the UI must exit on its own.
stop "$epid"
closed=$(date +%s)
gone=""
while alive "$uipid"; do
	if [ $(($(date +%s) - closed)) -ge "$ui_exitwait" ]; then
		fail "the UI is still running $ui_exitwait s after its last page closed (--idle ${idle}s); stopped"
		break
	fi
	sleep 0.1
done
alive "$uipid" || gone="exited on its own $(($(date +%s) - closed)) s after the page closed (--idle ${idle}s)"
stop "$uipid"
sleep "$settle"
alive "$dpid" || died "exited"
d_after=$(memline "$dpid" daemon)
state=$("$bin" status --json 2>&1 | sed -n 's/^  "state": "\([^"]*\)",*$/\1/p')
[ "$state" = working ] || fail "the daemon is in state \"$state\" at the end, not \"working\""

echo
echo "4. Resident memory:"
echo "   daemon, no UI                         $d_before    (after $settle s)"
echo "   daemon, UI running, a page connected  $d_with    (after $hold s on /events)"
echo "   daemon, after the UI is gone          $d_after    (VmHWM: the peak since the daemon started)"
echo "   UI, a page connected                  $u_with"
echo "   UI, after the pages and previews      $u_after"
echo "   the UI ${gone:-did NOT exit on its own}"
echo "   target: the daemon's VmRSS <= 10 MB (issue 4, ok/OVER above); the UI has none"
echo "machine load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
