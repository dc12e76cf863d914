#!/usr/bin/env bash
# packaging/ci-check.sh: check deskbreak's Linux packaging end to end. .ci/run calls it. It
# needs root (for dpkg -i) and the Debian packages systemd (for systemd-analyze only: systemd
# is never started), desktop-file-utils and groff-base (for the man page's lint).
#
#  1. builds the binary, the man page, and the .deb and .rpm with the pinned nfpm;
#  2. installs the .deb with dpkg -i and runs the installed binary's --version;
#  3. checks the installed unit, and the units "deskbreak install" writes, with
#     "systemd-analyze verify --user", and the desktop files with desktop-file-validate;
#  4. removes the package with dpkg -r and checks that nothing is left behind.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${VERSION:-0.0.0~ci}
ARCH=$(go env GOARCH)
work=$(mktemp -d)
export VERSION ARCH DIST=$work
installed() { dpkg-query -W -f='${Status}' deskbreak 2>/dev/null | grep -q ' installed$'; }
cleanup() {
	if installed; then dpkg -r deskbreak >/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "ci-check: FAIL: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || fail "needs root, for dpkg -i"
! installed || fail "deskbreak is installed already; remove it first with dpkg -r deskbreak"
for tool in systemd-analyze desktop-file-validate dpkg groff; do
	command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install systemd desktop-file-utils groff-base"
done

echo "== generated files are current"
go test ./packaging/gen

echo "== build $VERSION for linux/$ARCH"
mkdir -p "$work/linux_$ARCH"
CGO_ENABLED=0 go build -trimpath -gcflags "all=-l" -ldflags "-X main.version=$VERSION" -o "$work/linux_$ARCH/deskbreak" ./cmd/deskbreak
CGO_ENABLED=0 go build -trimpath -o "$work/linux_$ARCH/deskbreak-ui" ./cmd/deskbreak-ui
"$work/linux_$ARCH/deskbreak" man >"$work/deskbreak.1"
warnings=$(groff -man -ww -z -Tutf8 "$work/deskbreak.1" 2>&1) || fail "groff: $warnings"
[ -z "$warnings" ] || fail "the man page has roff warnings: $warnings"
gzip -n -9 -c "$work/deskbreak.1" >"$work/deskbreak.1.gz"
for pkg in deb rpm; do
	go tool nfpm package --config packaging/nfpm.yaml --packager "$pkg" --target "$work/"
done
deb=$(ls "$work"/*.deb)
rpm=$(ls "$work"/*.rpm)
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes), $(basename "$rpm") ($(stat -c %s "$rpm") bytes)"
dpkg-deb --contents "$deb"

echo "== dpkg -i"
snapshot() { find /usr /etc /var/lib/systemd -xdev 2>/dev/null | grep -v -e '/mimeinfo\.cache$' -e '/icon-theme\.cache$' | sort; }
snapshot >"$work/before"
dpkg -i "$deb"
got=$(/usr/bin/deskbreak --version)
[ "$got" = "deskbreak $VERSION" ] || fail "/usr/bin/deskbreak --version says \"$got\", want \"deskbreak $VERSION\""
echo "/usr/bin/deskbreak --version: $got"
[ -x /usr/bin/deskbreak-ui ] || fail "/usr/bin/deskbreak-ui is not installed: the package must ship the web UI"
man_ok=$([ -f /usr/share/man/man1/deskbreak.1.gz ] && echo yes || echo no)
echo "man page installed: $man_ok"

echo "== systemd-analyze verify --user"
# verify runs no manager, but needs a runtime directory of its own; it checks that ExecStart
# exists, so it runs while /usr/bin/deskbreak is installed.
rt=$work/run
mkdir -m 0700 "$rt"
units=$work/units
mkdir "$units"
for golden in systemd_graphical systemd_default; do
	mkdir "$units/$golden"
	cp "internal/autostart/testdata/$golden.golden" "$units/$golden/deskbreak.service"
done
man_flag=--man=no
if [ "$man_ok" = yes ] && command -v man >/dev/null; then man_flag=--man=yes; fi
for unit in /usr/lib/systemd/user/deskbreak.service "$units"/*/deskbreak.service; do
	out=$(XDG_RUNTIME_DIR=$rt systemd-analyze verify --user "$man_flag" "$unit" 2>&1) || fail "systemd-analyze verify $unit: $out"
	[ -z "$out" ] || fail "systemd-analyze verify $unit warns: $out"
	echo "ok  $unit"
done

echo "== desktop-file-validate"
for golden in autostart autostart_quoted launcher; do
	cp "internal/autostart/testdata/$golden.golden" "$work/deskbreak-$golden.desktop"
done
for f in /usr/share/applications/deskbreak.desktop "$work"/deskbreak-*.desktop; do
	out=$(desktop-file-validate "$f" 2>&1) || fail "desktop-file-validate $f: $out"
	[ -z "$out" ] || fail "desktop-file-validate $f warns: $out"
	echo "ok  $f"
done
if command -v python3 >/dev/null; then
	echo "== plists parse"
	for f in internal/autostart/testdata/launchagent*.golden packaging/macos/Info.plist; do
		python3 -c 'import plistlib, sys; plistlib.load(open(sys.argv[1], "rb"))' "$f" || fail "$f is not a valid plist"
		echo "ok  $f"
	done
fi

echo "== dpkg -r"
files=$(dpkg -L deskbreak)
dpkg -r deskbreak
! installed || fail "deskbreak is still installed after dpkg -r"
if dpkg-query -W -f='${Status}' deskbreak 2>/dev/null | grep -q config-files; then
	fail "dpkg -r left configuration files: $(dpkg-query -W -f='${Status}' deskbreak)"
fi
left=""
while IFS= read -r f; do
	if [ -f "$f" ] || [ -L "$f" ]; then left="$left $f"; fi
done <<<"$files"
[ -z "$left" ] || fail "dpkg -r left files behind:$left"
snapshot >"$work/after"
if ! diff -u "$work/before" "$work/after"; then
	fail "the file system differs after dpkg -i and dpkg -r (diff above)"
fi
echo "nothing left behind"
echo "ci-check: OK"
