package storage

// dontNeed does nothing on Windows (the system trims working sets itself).
func dontNeed([]byte) {}
