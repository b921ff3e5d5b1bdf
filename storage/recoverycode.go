package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/secret"
)

// A vault whose recovery code was never seen through — the window closed on 'Your recovery
// code' before 'I have saved it' — opened without it, and nothing said so (F245). The app
// marks a vault before its code is shown and clears the mark once the person confirms; an
// unlock that finds the mark makes a new code and shows it.

const unconfirmedName = "recovery-code-not-saved"

// MarkRecoveryUnsaved records that dir's recovery code has not been confirmed as saved
// (creating dir, 0700, if missing: the mark is written before the vault, so a vault is
// never without it until confirmed).
func MarkRecoveryUnsaved(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the vault directory: %w", err)
	}
	return atomicfile.WriteFile(filepath.Join(dir, unconfirmedName), nil)
}

// RecoveryUnsaved reports whether dir's recovery code was never confirmed as saved.
func RecoveryUnsaved(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, unconfirmedName))
	return err == nil
}

// RecoverySaved clears the mark: the person has confirmed they saved the code.
func RecoverySaved(dir string) error {
	if err := os.Remove(filepath.Join(dir, unconfirmedName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("clearing the recovery code's mark: %w", err)
	}
	return nil
}

// NewRecoveryCode gives the open vault a new recovery code (the old one stops working) and
// returns it. The vault stays marked until RecoverySaved: interrupted at any point, the
// key file holds the old code or the new one (written atomically), and the next unlock
// makes another.
//
// A failure (a wrong passphrase, a full disk) leaves the key file with the code it had; a vault
// that was not marked before is unmarked again, so its saved code is not replaced at the next
// unlock.
func (v *Vault) NewRecoveryCode(passphrase []byte) (string, error) {
	wasMarked := RecoveryUnsaved(v.dir)
	if err := MarkRecoveryUnsaved(v.dir); err != nil {
		return "", err
	}
	code, err := secret.NewRecoveryCode(KeyFilePath(v.dir), passphrase)
	if err != nil {
		if !wasMarked {
			err = errors.Join(err, RecoverySaved(v.dir))
		}
		return "", diskFullError(fmt.Errorf("making a new recovery code: %w", err))
	}
	return code, nil
}
