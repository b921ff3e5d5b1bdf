//go:build !linux

package engines

import (
	"os/exec"
	"syscall"
)

func sysProcAttr(bool) *syscall.SysProcAttr { return nil }

func signalGroup(cmd *exec.Cmd, sig syscall.Signal) {
	cmd.Process.Kill() //nolint:errcheck // it may have exited
}
