package storage

import (
	"log/slog"
	"path/filepath"

	"carekeeper/internal/atomicfile"
)

// registryName is the file in the vault folder that remembers the folders our temporary
// files were written in (exports, summaries, calendars, backups elsewhere), folder paths
// only, so that what a killed process left there is found on the next run.
const registryName = "tempdirs"

// removeLeftovers removes what killed CareKeepers left behind (internal/atomicfile): partial
// exports and other temporary files in the folders of the registry, key-file rewrites in the
// vault folder, half-restored vault folders beside it. A leftover is only taken when no live
// process holds its lock (or, for names of older versions, when it is older than
// atomicfile.StaleAfter). It runs with the vault lock held, on every open.
func removeLeftovers(dir string, log *slog.Logger) {
	atomicfile.SetRegistry(filepath.Join(dir, registryName))
	n := atomicfile.CleanRegistered()
	for _, d := range []string{dir, filepath.Dir(filepath.Clean(dir))} {
		k, _ := atomicfile.RemoveStale(d)
		n += k
	}
	if n > 0 && log != nil {
		log.Info("removed temporary files left by an interrupted run", "count", n)
	}
}
