package autostart

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"unsafe"

	"github.com/go-ole/go-ole"
	"golang.org/x/sys/windows"
)

// TestShortcutLoadsInTheShell writes Shortcut's link and loads it with the shell's own link
// object (IShellLinkW through IPersistFile::Load): the target, the arguments and the
// AppUserModelID (IPropertyStore) must read back.
func TestShortcutLoadsInTheShell(t *testing.T) {
	// COM initialisation belongs to the OS thread: without the lock the goroutine can move
	// between CoInitializeEx and CreateInstance, which then fails with CO_E_NOTINITIALIZED
	// (0x800401F0), as CI once saw.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	dir, err := os.MkdirTemp("", "deskbreak-lnk-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	exe := filepath.Join(dir, "deskbreakw.exe")
	lnk := filepath.Join(dir, "deskbreak.lnk")
	if err := os.WriteFile(exe, []byte("MZ"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lnk, Shortcut(Daemon(exe), AppUserModelID), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ole.CoInitializeEx(0, ole.COINIT_APARTMENTTHREADED); err != nil {
		t.Fatal(err)
	}
	defer ole.CoUninitialize()

	link, err := ole.CreateInstance(ole.NewGUID("{00021401-0000-0000-C000-000000000046}"), ole.NewGUID("{000214F9-0000-0000-C000-000000000046}")) // ShellLink, IShellLinkW
	if err != nil {
		t.Fatal(err)
	}
	defer link.Release()
	pf, err := link.QueryInterface(ole.NewGUID("{0000010b-0000-0000-C000-000000000046}")) // IPersistFile
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Release()
	name, _ := windows.UTF16PtrFromString(lnk)
	if hr := vcall(unsafe.Pointer(pf), 5, uintptr(unsafe.Pointer(name)), 0); hr != 0 { // IPersistFile::Load
		t.Fatalf("IPersistFile::Load: HRESULT %#x", hr)
	}
	buf := make([]uint16, 1024)
	if hr := vcall(unsafe.Pointer(link), 3, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0); hr != 0 { // GetPath
		t.Fatalf("IShellLinkW::GetPath: HRESULT %#x", hr)
	}
	if got := windows.UTF16ToString(buf); got != exe {
		t.Errorf("target %q, want %q", got, exe)
	}
	if hr := vcall(unsafe.Pointer(link), 10, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf))); hr != 0 { // GetArguments
		t.Fatalf("IShellLinkW::GetArguments: HRESULT %#x", hr)
	}
	if got := windows.UTF16ToString(buf); got != "run" {
		t.Errorf("arguments %q, want run", got)
	}

	ps, err := link.QueryInterface(ole.NewGUID("{886d8eeb-8cf2-4446-8d02-cdba1dbdcf99}")) // IPropertyStore
	if err != nil {
		t.Logf("this shell's links have no IPropertyStore (%v); the AppUserModelID is checked by the golden file only", err)
		return
	}
	defer ps.Release()
	key := struct {
		fmtid ole.GUID
		pid   uint32
	}{*ole.NewGUID("{9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}"), 5}
	var pv [24]byte                                                                                                 // PROPVARIANT: vt at 0, the LPWSTR at 8
	switch hr := vcall(unsafe.Pointer(ps), 5, uintptr(unsafe.Pointer(&key)), uintptr(unsafe.Pointer(&pv[0]))); hr { // GetValue
	case 0:
	case 0x80004001: // E_NOTIMPL: Wine 8's links have the interface but not the method
		t.Log("IPropertyStore::GetValue is not implemented here; the AppUserModelID is checked by the golden file only")
		return
	default:
		t.Fatalf("IPropertyStore::GetValue: HRESULT %#x", hr)
	}
	vt := *(*uint16)(unsafe.Pointer(&pv[0]))
	if vt != 0x1F {
		t.Fatalf("System.AppUserModel.ID has type %#x, want VT_LPWSTR", vt)
	}
	got := windows.UTF16PtrToString(*(**uint16)(unsafe.Pointer(&pv[8])))
	if got != AppUserModelID {
		t.Errorf("System.AppUserModel.ID %q, want %q", got, AppUserModelID)
	}
}

// vcall calls method i of the COM object at o (whose first word points to its vtable) with
// args, and returns the HRESULT.
func vcall(o unsafe.Pointer, i int, args ...uintptr) uintptr {
	vtbl := *(**[16]uintptr)(o)
	hr, _, _ := syscall.SyscallN(vtbl[i], append([]uintptr{uintptr(o)}, args...)...)
	return hr
}
