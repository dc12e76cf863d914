package control

import "io/fs"

// checkOwner accepts dir: on Windows the runtime directory lies under the user's own
// LocalAppData or temp directory, whose ACLs keep other users out.
func checkOwner(dir string, fi fs.FileInfo) error { return nil }

// chmodSocket does nothing: Windows has no file modes; the directory's ACL protects the socket.
func chmodSocket(path string) error { return nil }
