package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"strings"
	"syscall"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/journey"
	"carekeeper/internal/secret"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhir"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
	"carekeeper/sync/smart"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Errors on the screen. Every screen shows a failure with showError: a title saying what did
// not work, the failure in plain words with what to do (plainError), and the technical
// detail (the error's own text, which never holds health data) behind "Details" for whoever
// helps. Inline messages (a status line under a form) use errorText, the same plain words.

// showError shows a failure of what title names ("Could not sync") in plain words with what
// to do, and the technical detail behind "Details". A cancelled job shows nothing.
func showError(win fyne.Window, title string, err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	d := dialog.NewCustom(title, lang.L("Close"), errorContent(err), win)
	fitDialog(d, win, 520, d.MinSize().Height)
	d.Show()
}

// errorContent is the plain words and, folded, the detail.
func errorContent(err error) fyne.CanvasObject {
	words := paragraph(plainError(err))
	detail := widget.NewLabel(sentence(err.Error()))
	detail.Wrapping = fyne.TextWrapWord
	detail.Selectable = true
	details := widget.NewAccordion(widget.NewAccordionItem(lang.L("Details"), detail))
	return container.New(columnLayout{width: 440}, words, details)
}

// errorText is err in plain words for a status line or a list (see plainError). Where there
// is no room for a "Details" button, an error CareKeeper does not know carries its detail.
func errorText(err error) string {
	words := plainError(err)
	if words == unknownError() {
		words += " " + lang.L("Details") + ": " + sentence(err.Error())
	}
	return words
}

// unknownError is what plainError says about an error it does not know.
func unknownError() string {
	return lang.L("Something went wrong. Try again; if it happens again, the details say what happened.")
}

// plainError says what went wrong in words a patient uses, and what to do about it. Errors
// CareKeeper does not know say so and point at the details.
func plainError(err error) string {
	if err == nil {
		return ""
	}
	var (
		fileErr  *cksync.FileError
		parseErr *fhirjson.Error
		syntax   *json.SyntaxError
		outcome  *fhir.OutcomeError
		later    *fhir.RetryLaterError
		token    *smart.TokenError
		check    *smart.CheckError
		netErr   net.Error
		dnsErr   *net.DNSError
		certErr  *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		expired  x509.CertificateInvalidError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return lang.L("Cancelled. Nothing more was done.")

	// Where a file may go (F231, F240, F163).
	case errors.Is(err, hhvault.ErrVaultFolder):
		return lang.L("That folder is where CareKeeper keeps your records: a file saved there could replace them. Nothing was saved; choose another folder.")
	case errors.Is(err, hhvault.ErrSharedFolder):
		return lang.L("That is the household's shared folder, which copies what is in it to every device of the household and its cloud, where anyone could read it. Nothing was saved; choose another folder.")
	case errors.Is(err, hhvault.ErrFolderHoldsVault):
		return lang.L("The household's shared folder and the folder where CareKeeper keeps your records must be apart: choose a folder your sync program shares outside it. Nothing was changed.")

	// The vault.
	case errors.Is(err, storage.ErrWrongPassphrase):
		return lang.L("Wrong passphrase. Check Caps Lock and try again, or use your recovery code.")
	case errors.Is(err, storage.ErrWrongRecoveryCode):
		return lang.L("Wrong recovery code. Type it exactly as it was printed or saved.")
	case errors.Is(err, storage.ErrInUse):
		return lang.L("This vault is open in another CareKeeper window. Close that one first.")
	case errors.Is(err, storage.ErrNoVault):
		return lang.L("There is no vault here any more. Restore one from a backup, or create a new one.")
	case errors.Is(err, storage.ErrNewerSchema):
		return lang.L("This vault was saved by a newer CareKeeper. Update CareKeeper to open it.")
	case errors.Is(err, secret.ErrUnsupportedVersion):
		return lang.L("This vault was saved by a newer CareKeeper. Update CareKeeper to open it.")
	case errors.Is(err, secret.ErrCorrupt), errors.Is(err, secret.ErrWeakParams):
		// The recovery code is sealed in the same file: it cannot help (F231).
		return lang.L("The vault's key file is damaged, so your records cannot be opened, not even with your recovery code. Nothing was changed. " +
			"If you have a CareKeeper backup: move this vault's folder aside, start CareKeeper and choose \"Restore from a backup…\".")
	case errors.Is(err, storage.ErrBadBackup):
		return lang.L("This file is not a CareKeeper backup, or it is damaged. Choose another backup file.")
	case errors.Is(err, storage.ErrTooLarge):
		return lang.L("This is too large for CareKeeper to store. Split the file, or import fewer records at once.")
	case errors.Is(err, storage.ErrViewOnly):
		return lang.L("This computer may only view this person, so it cannot change their records, doses or settings. Make the change on a computer that manages them.")
	case errors.Is(err, storage.ErrNotShared):
		return lang.L("This person is no longer shared with this computer, so a change made here would stay here: it is not made. Make it on a computer the household shares them with.")
	case errors.Is(err, household.ErrNotSharer):
		return lang.L("Only a computer that manages this person can share them. Do it on a computer that manages them.")
	case errors.Is(err, household.ErrNotManager):
		return lang.L("Only a computer that manages someone can add or remove computers. Do it on one of those.")
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, storage.ErrDiskFull):
		return lang.L("The disk is full. Free some space, then try again.")

	// Files.
	case errors.As(err, &fileErr) && (errors.As(err, &parseErr) || errors.As(err, &syntax)):
		return lang.L("This file is not a health record CareKeeper can read. Use the FHIR file (.json or .ndjson) from your portal's \"download my record\".")
	case errors.Is(err, fs.ErrNotExist):
		return lang.L("The file or folder is not there any more. Choose it again.")
	case errors.Is(err, fs.ErrPermission):
		return lang.L("CareKeeper is not allowed to use this file or folder. Choose another place, or check its permissions.")

	// Portals.
	case errors.Is(err, cksync.ErrNotConnected):
		return lang.L("You are not signed in to this portal. Choose it and sign in.")
	case errors.Is(err, cksync.ErrSignInAgain), errors.Is(err, smart.ErrSignInAgain), errors.Is(err, fhir.ErrUnauthorized):
		return lang.L("The portal asks you to sign in again. Choose the portal and sign in.")
	case errors.Is(err, smart.ErrAccessDenied):
		return lang.L("Access was not granted at the portal. Sign in again and allow CareKeeper to read your records.")
	case errors.Is(err, smart.ErrLoginClosed):
		return lang.L("The sign-in was closed before it finished. Sign in again when you are ready.")
	case errors.Is(err, smart.ErrStateMismatch):
		return lang.L("The sign-in did not complete. Try signing in again.")
	case errors.Is(err, smart.ErrNotSMART), errors.As(err, &check):
		return lang.L("This address is not a patient portal CareKeeper can sign in to. Check the address with your clinic.")
	case errors.As(err, &token):
		return lang.L("The portal refused the sign-in. Try again; if it keeps happening, ask your clinic.")
	case errors.As(err, &later):
		return lang.L("The portal is busy. CareKeeper tries again later; you can also sync again in a few minutes.")
	case errors.As(err, &outcome) && outcome.Status >= 500:
		return lang.L("The portal has a problem of its own. Try again later.")
	case errors.As(err, &outcome) && (outcome.Status == 401 || outcome.Status == 403):
		return lang.L("The portal did not allow this. Sign in again; if it keeps happening, ask your clinic.")
	case errors.As(err, &outcome):
		return lang.L("The portal could not answer this request. Try again later; if it keeps happening, ask your clinic.")
	case errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &hostErr), errors.As(err, &expired):
		return lang.L("CareKeeper could not check the portal's identity, so it did not connect. Check the address, and the computer's date and time.")
	case errors.As(err, &dnsErr):
		return lang.L("CareKeeper could not find the portal. Check the address and your connection.")
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr), isNetworkText(err):
		return lang.L("CareKeeper could not reach the portal. Check the address and your connection.")

	// Errors already written in plain words.
	case errors.Is(err, journey.ErrPlanNotMovable):
		return sentence(journey.ErrPlanNotMovable.Error())
	}
	return unknownError()
}

// isNetworkText recognises transport failures that lost their type on the way (an error
// wrapped with %v instead of %w).
func isNetworkText(err error) bool {
	s := err.Error()
	for _, w := range []string{"dial tcp", "connection refused", "no such host", "i/o timeout", "network is unreachable", "cannot reach the portal", "connection reset"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
