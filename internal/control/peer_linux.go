package control

import (
	"fmt"
	"net"
	"syscall"
)

// checkPeer returns an error unless conn is a unix socket connection from user uid, as the
// kernel reports it (SO_PEERCRED).
func checkPeer(conn net.Conn, uid int) error {
	uc, ok := conn.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("check peer of %s: not a unix socket connection (%T)", conn.RemoteAddr(), conn)
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return fmt.Errorf("check peer: %w", err)
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return fmt.Errorf("check peer: %w", err)
	}
	if credErr != nil {
		return fmt.Errorf("check peer: SO_PEERCRED: %w", credErr)
	}
	if int(cred.Uid) != uid {
		return fmt.Errorf("peer uid %d (pid %d) is not the daemon's user (uid %d)", cred.Uid, cred.Pid, uid)
	}
	return nil
}
