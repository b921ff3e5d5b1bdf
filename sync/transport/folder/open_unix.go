//go:build unix

package folder

import "syscall"

// openFlags keeps Read from blocking on a FIFO put in place of a file.
const openFlags = syscall.O_NONBLOCK
