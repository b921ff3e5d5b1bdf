package storage

import "io/fs"

// privateFiles does nothing on Windows: files have no mode bits there (the user's profile
// folder's access list protects the vault).
func privateFiles() {}

func chmod(string, fs.FileMode) {}
