package sync

// SetStreamMinBytes sets the size from which an NDJSON file is read line by line; the
// returned func restores it.
func SetStreamMinBytes(n int64) func() {
	old := streamMinBytes
	streamMinBytes = n
	return func() { streamMinBytes = old }
}
