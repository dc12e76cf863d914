package autostart

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// AppUserModelID is the ID the Start-menu shortcut carries; Windows shows toasts of an
// unpackaged program only under an ID that a shortcut of the Start menu declares. It equals
// notify.AppUserModelID, under which the daemon shows them.
const AppUserModelID = "deskbreak.deskbreak"

// Shortcut renders a Windows shell link (.lnk, [MS-SHLLINK]) that starts p, with a
// description carrying [Marker] and the property System.AppUserModel.ID set to aumid. It is
// written by hand rather than through the IShellLink COM object, so that it is a pure
// function that golden files check. The target is given by a LinkInfo with a local base
// path, the way the shell writes links to local files without an ID list.
//
// [MS-SHLLINK]: https://learn.microsoft.com/openspecs/windows_protocols/ms-shllink
func Shortcut(p Program, aumid string) []byte {
	const (
		hasLinkInfo   = 0x02
		hasName       = 0x04
		hasWorkingDir = 0x10
		hasArguments  = 0x20
		isUnicode     = 0x80
	)
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }

	// ShellLinkHeader: 76 bytes.
	le(uint32(0x4C))
	b.Write([]byte{0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}) // CLSID_ShellLink
	le(uint32(hasLinkInfo | hasName | hasWorkingDir | hasArguments | isUnicode))
	le(uint32(0x80))          // FILE_ATTRIBUTE_NORMAL
	b.Write(make([]byte, 24)) // creation, access, write times: unknown
	le(uint32(0))             // file size
	le(int32(0))              // icon index
	le(uint32(7))             // SW_SHOWMINNOACTIVE: a daemon has no window to show
	le(uint16(0))             // no hot key
	b.Write(make([]byte, 10)) // reserved

	b.Write(linkInfo(p.Exe))
	for _, s := range []string{
		"deskbreak: desk-break reminders. " + Marker + "; \"deskbreak uninstall\" removes it.", // NAME_STRING
		windowsDir(p.Exe), // WORKING_DIR
		quoteArgs(p.Args), // COMMAND_LINE_ARGUMENTS
	} {
		u := utf16.Encode([]rune(s))
		le(uint16(len(u)))
		le(u)
	}
	b.Write(propertyStoreBlock(aumid))
	le(uint32(0)) // TerminalBlock
	return b.Bytes()
}

// windowsDir is filepath.Dir for a Windows path on any system.
func windowsDir(p string) string {
	i := strings.LastIndexAny(p, `\/`)
	switch {
	case i < 0:
		return "."
	case i == 2 && p[1] == ':': // C:\deskbreak.exe
		return p[:3]
	}
	return p[:i]
}

// quoteArgs joins args for a Windows command line, quoting those with spaces.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"") {
			a = `"` + strings.ReplaceAll(a, `"`, `\"`) + `"`
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// linkInfo is the LinkInfo structure naming exe as a path on a fixed local drive, in the
// system code page (non-ASCII characters become '?') and in UTF-16.
func linkInfo(exe string) []byte {
	const headerSize = 0x24 // with the Unicode offsets
	volume := []byte{}
	volume = binary.LittleEndian.AppendUint32(volume, 0x11) // VolumeIDSize
	volume = binary.LittleEndian.AppendUint32(volume, 3)    // DRIVE_FIXED
	volume = binary.LittleEndian.AppendUint32(volume, 0)    // serial number: unknown
	volume = binary.LittleEndian.AppendUint32(volume, 0x10) // VolumeLabelOffset
	volume = append(volume, 0)                              // empty label
	ansi := []byte(strings.Map(func(r rune) rune {
		if r > 0x7E {
			return '?'
		}
		return r
	}, exe))
	ansi = append(ansi, 0)
	suffix := []byte{0}
	var wide []byte
	for _, u := range utf16.Encode([]rune(exe + "\x00")) {
		wide = binary.LittleEndian.AppendUint16(wide, u)
	}
	wideSuffix := []byte{0, 0}

	volOff := headerSize
	baseOff := volOff + len(volume)
	suffixOff := baseOff + len(ansi)
	wideOff := suffixOff + len(suffix)
	wideSuffixOff := wideOff + len(wide)
	size := wideSuffixOff + len(wideSuffix)

	var b []byte
	for _, v := range []int{size, headerSize, 1 /* VolumeIDAndLocalBasePath */, volOff, baseOff, 0, suffixOff, wideOff, wideSuffixOff} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	b = append(b, volume...)
	b = append(b, ansi...)
	b = append(b, suffix...)
	b = append(b, wide...)
	return append(b, wideSuffix...)
}

// propertyStoreBlock is a PropertyStoreDataBlock holding System.AppUserModel.ID
// ({9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}, 5) as a VT_LPWSTR, serialized as [MS-PROPSTORE]
// says.
func propertyStoreBlock(aumid string) []byte {
	var str []byte
	units := utf16.Encode([]rune(aumid + "\x00"))
	str = binary.LittleEndian.AppendUint32(str, uint32(len(units)))
	for _, u := range units {
		str = binary.LittleEndian.AppendUint16(str, u)
	}
	for len(str)%4 != 0 {
		str = append(str, 0)
	}
	var value []byte
	value = binary.LittleEndian.AppendUint32(value, uint32(4+4+1+4+len(str))) // ValueSize
	value = binary.LittleEndian.AppendUint32(value, 5)                        // PKEY_AppUserModel_ID's pid
	value = append(value, 0)                                                  // reserved
	value = binary.LittleEndian.AppendUint16(value, 0x1F)                     // VT_LPWSTR
	value = binary.LittleEndian.AppendUint16(value, 0)                        // padding
	value = append(value, str...)
	value = binary.LittleEndian.AppendUint32(value, 0) // the end of the values

	formatID := []byte{0x55, 0x28, 0x4C, 0x9F, 0x79, 0x9F, 0x39, 0x4B, 0xA8, 0xD0, 0xE1, 0xD4, 0x2D, 0xE1, 0xD5, 0xF3}
	var storage []byte
	storage = binary.LittleEndian.AppendUint32(storage, uint32(4+4+16+len(value))) // StorageSize
	storage = binary.LittleEndian.AppendUint32(storage, 0x53505331)                // "1SPS"
	storage = append(storage, formatID...)
	storage = append(storage, value...)
	storage = binary.LittleEndian.AppendUint32(storage, 0) // the end of the storages

	var b []byte
	b = binary.LittleEndian.AppendUint32(b, uint32(8+len(storage)))
	b = binary.LittleEndian.AppendUint32(b, 0xA0000009) // PropertyStoreDataBlock
	return append(b, storage...)
}

// shortcutOurs reports whether data is a shortcut that Shortcut wrote: its description
// carries Marker in UTF-16.
func shortcutOurs(data []byte) bool {
	var m []byte
	for _, u := range utf16.Encode([]rune(Marker)) {
		m = binary.LittleEndian.AppendUint16(m, u)
	}
	return bytes.Contains(data, m)
}
