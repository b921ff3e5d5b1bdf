package cli

import (
	"bufio"
	"io"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// table aligns rows in columns as text/tabwriter does with minwidth 0, padding 2 and spaces
// (every cell but a row's last padded to its column's widest cell plus two), but by the
// cells' width on a terminal (displayWidth: a Chinese or Japanese character takes two
// columns), where tabwriter counts runes and misaligned them; for
// listings that can run to 100,000 rows: tabwriter keeps every line and a cell struct per
// cell until Flush, ~50 MB for `records` on a 100k vault; a table keeps the cells' bytes end
// to end and their ends. Every row must have the same number of cells. Cells are written as
// given: make them safe first (safe).
type table struct {
	buf   []byte
	ends  []int // end of each cell in buf
	width []int // widest cell of each column but the last, in terminal columns
}

func (t *table) row(cells ...string) {
	if t.width == nil {
		t.width = make([]int, len(cells)-1)
	}
	for i, c := range cells {
		t.buf = append(t.buf, c...)
		t.ends = append(t.ends, len(t.buf))
		if i < len(t.width) {
			t.width[i] = max(t.width[i], displayWidth(c))
		}
	}
}

// write writes the rows to w.
func (t *table) write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := len(t.width) + 1
	start := 0
	for k, end := range t.ends {
		col := k % n
		cell := t.buf[start:end]
		start = end
		bw.Write(cell)
		if col == n-1 {
			bw.WriteByte('\n')
			continue
		}
		for pad := t.width[col] + 2 - displayWidth(string(cell)); pad > 0; pad-- {
			bw.WriteByte(' ')
		}
	}
	return bw.Flush()
}

// displayWidth is how many columns s takes on a terminal: two for an East Asian wide or
// fullwidth character (日本語, ＡＢ), none for a combining mark or a format character (the
// accent of a decomposed é, a zero-width joiner), one for the rest.
func displayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf { // ASCII: one column (the cells are made safe)
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// maxNameCols is the widest a person's name is shown in an aligned listing (profile list,
// reminders, plans): a 600-character name would push the columns after it off any terminal.
// The whole name stays in --json.
const maxNameCols = 40

// fit shortens s to at most cols terminal columns (displayWidth), ending it with "…" when
// it is cut; s is returned as it is when it fits.
func fit(s string, cols int) string {
	if displayWidth(s) <= cols {
		return s
	}
	n := 0
	for i, r := range s {
		w := displayWidth(string(r))
		if n+w > cols-1 {
			return s[:i] + "…"
		}
		n += w
	}
	return s
}
