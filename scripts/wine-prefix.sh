#!/bin/sh
# wine-prefix.sh DIR: make DIR a Wine prefix that runs deskbreak's Windows build, for the
# Wine tests (e2e/wine_test.go, "GOOS=windows go test -exec scripts/wine-exec").
#
# It builds the stand-in bcryptprimitives.dll (e2e/testdata/wine: Wine 8 lacks the
# ProcessPrng that Go 1.24+ imports) with mingw-w64, creates the prefix with wineboot
# (no Mono or Gecko prompts), and copies the DLL into its system32. About 10 s.
# Needs: wine, wine64, gcc-mingw-w64-x86-64.
set -eu
dir=${1:?usage: wine-prefix.sh DIR}
src=$(cd "$(dirname "$0")/../e2e/testdata/wine" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
x86_64-w64-mingw32-gcc -O2 -shared -o "$dir/bcryptprimitives.dll" \
  "$src/bcryptprimitives.c" "$src/bcryptprimitives.def" -ladvapi32
export WINEPREFIX="$dir/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine passes the Linux environment through; a Windows program should not see it.
unset XDG_RUNTIME_DIR XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME DISPLAY
wine wineboot --init >/dev/null 2>&1
wineserver -w
cp "$dir/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
echo "$WINEPREFIX"
