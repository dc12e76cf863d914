package control

import (
	"errors"
	"io/fs"
)

// isNotRunning reports whether a failed dial means no daemon is there to answer: the pipe
// does not exist (ERROR_FILE_NOT_FOUND), which is all that is left when its daemon is gone.
func isNotRunning(err error) bool { return errors.Is(err, fs.ErrNotExist) }
