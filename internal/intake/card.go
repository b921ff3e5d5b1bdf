package intake

import (
	"bytes"

	"carekeeper/internal/inputfile"
	"carekeeper/internal/shc"
)

// maxImageBytes bounds a QR image file.
const maxImageBytes = 32 << 20

// readCard reads a health card file, shc:/ text or QR image. Signatures are checked at import,
// against the vault's trust list.
func readCard(path string, head []byte, _ int64, _ Options) (*Input, error) {
	limit := int64(shc.MaxFileBytes)
	if isImage(head) {
		limit = maxImageBytes
	}
	data, err := inputfile.Read(path, limit)
	if err != nil {
		return nil, err
	}
	return readCardData(head, data)
}

// readCardData reads the cards of a file's data (head: its first bytes).
func readCardData(head, data []byte) (*Input, error) {
	var err error
	var cards []*shc.Card
	text := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case isImage(head):
		qrs, err := shc.DecodeImage(data)
		if err != nil {
			return nil, err
		}
		jwss, err := shc.Decode(qrs)
		if err != nil {
			return nil, err
		}
		cards, err = shc.ParseJWSs(jwss)
		if err != nil {
			return nil, err
		}
	case hasPrefixFold(text, "shc:/"):
		if cards, err = shc.ParseText(data); err != nil {
			return nil, err
		}
	default:
		if cards, err = shc.ParseFile(data); err != nil {
			return nil, err
		}
	}
	in := &Input{cards: cards}
	for _, c := range cards {
		in.patients = append(in.patients, c.Patients()...)
	}
	return in, nil
}
