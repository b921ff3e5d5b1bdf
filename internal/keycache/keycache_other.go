//go:build !linux

package keycache

import "time"

// Put, Get and Drop: no kernel keyring on this system.
func Put(string, []byte, time.Duration) error { return ErrUnavailable }
func Get(string) ([]byte, error)              { return nil, ErrUnavailable }
func Drop(string) (bool, error)               { return false, ErrUnavailable }
