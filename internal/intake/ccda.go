package intake

import (
	"bytes"
	"context"
	"errors"
)

// sniffCCDA reports whether XML text is a C-CDA document (its root is ClinicalDocument).
func sniffCCDA(head []byte) bool {
	return bytes.Contains(head, []byte("ClinicalDocument"))
}

// readCCDA converts a C-CDA document or an XDM zip.
func readCCDA(_ context.Context, _ string, _ Format, _ int64, _ Options) (*Input, error) {
	return nil, errors.New("C-CDA documents cannot be imported yet")
}
