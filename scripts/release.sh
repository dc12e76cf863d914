#!/usr/bin/env bash
# scripts/release.sh VERSION: cross-build deskbreak's release files into dist/.
#
#   Linux   amd64, arm64: the binary in a .tar.gz, a .deb and an .rpm (nfpm, pinned as a go tool)
#   Windows amd64, arm64: a .zip of deskbreak.exe, the console program for commands, and
#                         deskbreakw.exe, the same program linked with -H=windowsgui, which the
#                         login entry and the toasts' buttons start so that no console opens;
#                         both with an icon and version resource (go-winres, pinned)
#   SHA256SUMS of all of them.
#
# macOS binaries are not built here: the tray needs cgo and Apple's SDK, so they are built on a
# Mac with packaging/macos/build-app.sh.
set -euo pipefail

VERSION=${1:-${VERSION:-}}
if [ -z "$VERSION" ]; then
	echo "usage: scripts/release.sh VERSION   (for example 1.2.3)" >&2
	exit 2
fi
VERSION=${VERSION#v}
case $VERSION in
[0-9]*.[0-9]*.[0-9]*) ;;
*) echo "release.sh: version $VERSION is not like 1.2.3" >&2; exit 2 ;;
esac
# Windows resources take four numbers: 1.2.3-rc1 becomes 1.2.3.0.
numeric=$(echo "$VERSION" | sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+).*/\1/').0

cd "$(dirname "$0")/.."
ldflags="-s -w -X main.version=$VERSION"
# The daemon is built without inlining: its whole binary is resident while it idles (the
# kernel maps the code and tables around every page it touches), inlining makes the binary
# 9% bigger (660 kB), and a program that wakes a few times an hour gains nothing from it.
# Measured by scripts/measure-idle.sh: 10.4 MB resident with inlining, 9.6 MB without.
gcflags="all=-l"
export CGO_ENABLED=0 SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

echo "== checking the generated packaging files"
go test ./packaging/gen

rm -rf dist
mkdir -p dist

echo "== man page"
go build -trimpath -gcflags "$gcflags" -ldflags "$ldflags" -o dist/host/deskbreak ./cmd/deskbreak
dist/host/deskbreak man >dist/deskbreak.1
gzip -n -9 -c dist/deskbreak.1 >dist/deskbreak.1.gz

for arch in amd64 arm64; do
	echo "== linux/$arch"
	GOOS=linux GOARCH=$arch go build -trimpath -gcflags "$gcflags" -ldflags "$ldflags" -o "dist/linux_$arch/deskbreak" ./cmd/deskbreak
	GOOS=linux GOARCH=$arch go build -trimpath -ldflags "-s -w" -o "dist/linux_$arch/deskbreak-ui" ./cmd/deskbreak-ui
	name=deskbreak_${VERSION}_linux_$arch
	mkdir -p "dist/$name"
	cp "dist/linux_$arch/deskbreak" "dist/linux_$arch/deskbreak-ui" dist/deskbreak.1 LICENSE README.md \
		packaging/linux/deskbreak.service packaging/linux/deskbreak.desktop "dist/$name/"
	tar -czf "dist/$name.tar.gz" --owner=0 --group=0 --mtime="@$SOURCE_DATE_EPOCH" --sort=name -C dist "$name"
	rm -r "dist/$name"
	for pkg in deb rpm; do
		VERSION=$VERSION ARCH=$arch DIST=dist go tool nfpm package --config packaging/nfpm.yaml --packager "$pkg" --target dist/
	done
done

echo "== windows resources"
syso=cmd/deskbreak/rsrc
trap 'rm -f "$syso"_windows_*.syso' EXIT
go tool go-winres make --in packaging/winres/winres.json --arch amd64,arm64 --out "$syso" \
	--product-version "$numeric" --file-version "$numeric"
for arch in amd64 arm64; do
	echo "== windows/$arch"
	name=deskbreak_${VERSION}_windows_$arch
	mkdir -p "dist/$name"
	GOOS=windows GOARCH=$arch go build -trimpath -gcflags "$gcflags" -ldflags "$ldflags" -o "dist/$name/deskbreak.exe" ./cmd/deskbreak
	GOOS=windows GOARCH=$arch go build -trimpath -gcflags "$gcflags" -ldflags "$ldflags -H=windowsgui" -o "dist/$name/deskbreakw.exe" ./cmd/deskbreak
	# The web UI: "deskbreak ui" and the tray look for deskbreak-ui.exe beside the program.
	GOOS=windows GOARCH=$arch go build -trimpath -ldflags "-s -w -H=windowsgui" -o "dist/$name/deskbreak-ui.exe" ./cmd/deskbreak-ui
	cp LICENSE README.md "dist/$name/"
	find "dist/$name" -exec touch -d "@$SOURCE_DATE_EPOCH" {} +
	(cd dist && zip -q -X -r "$name.zip" "$name")
	rm -r "dist/$name"
done

(cd dist && sha256sum -- *.tar.gz *.deb *.rpm *.zip >SHA256SUMS)
rm -rf dist/host
echo
cat dist/SHA256SUMS
echo
echo "Built deskbreak $VERSION for Linux and Windows in dist/."
echo "macOS binaries are built on macOS, not here: run packaging/macos/build-app.sh $VERSION on a Mac."
