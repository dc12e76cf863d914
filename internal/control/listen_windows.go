package control

import (
	"errors"
	"fmt"
	"net"

	"github.com/Microsoft/go-winio"
	"golang.org/x/sys/windows"
)

// ErrAlreadyRunning is returned by Listen when another daemon answers on the socket.
var ErrAlreadyRunning = errors.New("another deskbreak daemon is listening")

// pipeBufferBytes is the size of each direction's buffer of a pipe instance: a request line
// and its newline fit, and most answers do.
const pipeBufferBytes = 64 << 10

// Listen creates the named pipe path (\\.\pipe\...), which only this user may open: its
// security descriptor grants access to this user's SID alone, the Windows counterpart of the
// unix socket's mode 0600 and peer-uid check. A pipe goes away with the process that made it,
// so nothing stale is ever left; when a pipe of that name exists already (another deskbreak
// of this user, or another program that took the name), Listen returns an error matching
// ErrAlreadyRunning. Closing the listener removes the pipe.
func Listen(path string) (net.Listener, error) {
	// go-winio creates the first instance with FILE_CREATE, which should fail when the name
	// is taken, but Wine ignores that: look first.
	if h, err := openPipe(path); err == nil || errors.Is(err, windows.ERROR_PIPE_BUSY) {
		if err == nil {
			windows.CloseHandle(h)
		}
		return nil, fmt.Errorf("listen on %s: %w (or another program holds the pipe's name)", path, ErrAlreadyRunning)
	}
	sddl, err := userOnlySDDL()
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	l, err := winio.ListenPipe(path, &winio.PipeConfig{
		SecurityDescriptor: sddl,
		InputBufferSize:    pipeBufferBytes,
		OutputBufferSize:   pipeBufferBytes,
	})
	if err != nil {
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_PIPE_BUSY) {
			return nil, fmt.Errorf("listen on %s: %w (or another program holds the pipe's name)", path, ErrAlreadyRunning)
		}
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	// go-winio's first pipe instance only holds the name and is never accepted on. Windows 10
	// keeps clients off it; Wine (and Windows 7) let the first client connect to it, and
	// that client then waits forever. Connecting once and hanging up uses it up; where it
	// is closed to clients, this fails with ERROR_PIPE_BUSY and does nothing.
	// https://github.com/microsoft/go-winio/issues/313
	if h, err := openPipe(path); err == nil {
		windows.CloseHandle(h)
	}
	return l, nil
}

// openPipe connects to the pipe path without asking for any access, as a probe.
func openPipe(path string) (windows.Handle, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return 0, err
	}
	return windows.CreateFile(p, 0, 0, nil, windows.OPEN_EXISTING, windows.SECURITY_SQOS_PRESENT|windows.SECURITY_ANONYMOUS, 0)
}

// userOnlySDDL returns the security descriptor of the pipe: a protected DACL (nothing
// inherited) whose only entry grants GENERIC_ALL to the user this process runs as.
func userOnlySDDL() (string, error) {
	sid, err := currentUserSID()
	if err != nil {
		return "", err
	}
	return "D:P(A;;GA;;;" + sid + ")", nil
}

// currentUserSID returns the SID of the user this process runs as, e.g. "S-1-5-21-...-1001".
func currentUserSID() (string, error) {
	tok := windows.GetCurrentProcessToken()
	u, err := tok.GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("read this process's user: %w", err)
	}
	return u.User.Sid.String(), nil
}
