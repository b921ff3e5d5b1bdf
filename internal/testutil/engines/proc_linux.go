package engines

import (
	"os/exec"
	"syscall"
)

// sysProcAttr puts the engine in its own process group (stop ends its children too) and
// has the kernel kill it if the test binary dies.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func signalGroup(cmd *exec.Cmd, sig syscall.Signal) {
	syscall.Kill(-cmd.Process.Pid, sig) //nolint:errcheck // it may have exited
}
