#!/usr/bin/env bash
# packaging/macos/build-app.sh VERSION: build dist/deskbreak.app on a Mac.
#
# It must run on macOS: the tray (fyne.io/systray) needs cgo and Apple's SDK, so deskbreak
# cannot be cross-built for macOS from Linux. The bundle is universal (arm64 and amd64):
#
#   deskbreak.app/Contents/Info.plist          from Info.plist here, LSUIElement (no Dock icon)
#   deskbreak.app/Contents/MacOS/deskbreak-app runs "deskbreak run" when the app is opened
#   deskbreak.app/Contents/MacOS/deskbreak     the program (for the CLI: link it into your PATH)
#   deskbreak.app/Contents/Resources/deskbreak.icns
#
# Start at login with: deskbreak.app/Contents/MacOS/deskbreak install (a LaunchAgent).
set -euo pipefail
VERSION=${1:-${VERSION:-}}
if [ -z "$VERSION" ]; then echo "usage: packaging/macos/build-app.sh VERSION" >&2; exit 2; fi
VERSION=${VERSION#v}
if [ "$(uname -s)" != Darwin ]; then
	echo "build-app.sh: this builds the macOS app and must run on macOS (the tray needs cgo and Apple's SDK)" >&2
	exit 1
fi
cd "$(dirname "$0")/../.."
app=dist/deskbreak.app
rm -rf "$app" && mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
for arch in arm64 amd64; do
	# Without inlining, as scripts/release.sh says why: the idle daemon's binary is resident.
	CGO_ENABLED=1 GOOS=darwin GOARCH=$arch go build -trimpath -gcflags "all=-l" \
		-ldflags "-s -w -X main.version=$VERSION" -o "dist/darwin_$arch/deskbreak" ./cmd/deskbreak
	CGO_ENABLED=1 GOOS=darwin GOARCH=$arch go build -trimpath \
		-ldflags "-s -w" -o "dist/darwin_$arch/deskbreak-ui" ./cmd/deskbreak-ui
done
lipo -create -output "$app/Contents/MacOS/deskbreak" dist/darwin_arm64/deskbreak dist/darwin_amd64/deskbreak
lipo -create -output "$app/Contents/MacOS/deskbreak-ui" dist/darwin_arm64/deskbreak-ui dist/darwin_amd64/deskbreak-ui
install -m 0755 packaging/macos/deskbreak-app "$app/Contents/MacOS/deskbreak-app"
sed "s/@VERSION@/$VERSION/g" packaging/macos/Info.plist > "$app/Contents/Info.plist"
plutil -lint "$app/Contents/Info.plist"

iconset=$(mktemp -d)/deskbreak.iconset
mkdir -p "$iconset"
for n in 16 32 128 256; do
	cp "packaging/icons/hicolor/${n}x${n}/apps/deskbreak.png" "$iconset/icon_${n}x${n}.png"
done
cp packaging/icons/hicolor/32x32/apps/deskbreak.png "$iconset/icon_16x16@2x.png"
cp packaging/icons/hicolor/64x64/apps/deskbreak.png "$iconset/icon_32x32@2x.png"
cp packaging/icons/hicolor/256x256/apps/deskbreak.png "$iconset/icon_128x128@2x.png"
iconutil -c icns -o "$app/Contents/Resources/deskbreak.icns" "$iconset"

codesign --force --deep --sign - "$app" # ad hoc; sign with a Developer ID to distribute
echo "built $app ($VERSION)"
