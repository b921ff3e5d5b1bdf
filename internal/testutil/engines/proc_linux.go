package engines

import (
	"os/exec"
	"syscall"
)

// sysProcAttr puts the engine in its own process group (stop ends its children too) and,
// with deathSig, has the kernel kill it if the test binary dies.
func sysProcAttr(deathSig bool) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	if deathSig {
		a.Pdeathsig = syscall.SIGKILL
	}
	return a
}

func signalGroup(cmd *exec.Cmd, sig syscall.Signal) {
	syscall.Kill(-cmd.Process.Pid, sig) //nolint:errcheck // it may have exited
}
