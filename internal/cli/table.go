package cli

import (
	"bufio"
	"io"

	"carekeeper/internal/health"
)

// table aligns rows in columns as text/tabwriter does with minwidth 0, padding 2 and spaces
// (every cell but a row's last padded to its column's widest cell plus two), but by the
// cells' width on a terminal (health.DisplayWidth: a Chinese or Japanese character takes two
// columns), where tabwriter counts runes and misaligned them; for
// listings that can run to 100,000 rows: tabwriter keeps every line and a cell struct per
// cell until Flush, ~50 MB for `records` on a 100k vault; a table keeps the cells' bytes end
// to end and their ends. Every row must have the same number of cells. Cells are written as
// given: make them safe first (safe).
type table struct {
	buf   []byte
	ends  []int // end of each cell in buf
	width []int // widest cell of each column but the last, in terminal columns
	// lastOptional: the last column is a note few rows have. A row with an empty last cell
	// ends after the cell before it (no padding), and the column, its heading too, is left
	// out when no row but the first (the heading) has one.
	lastOptional bool
	rows         int  // measured (measure)
	noted        bool // a measured row but the heading has a last cell
}

func (t *table) row(cells ...string) {
	if t.width == nil {
		t.width = make([]int, len(cells)-1)
	}
	for i, c := range cells {
		t.buf = append(t.buf, c...)
		t.ends = append(t.ends, len(t.buf))
		if i < len(t.width) {
			t.width[i] = max(t.width[i], health.DisplayWidth(c))
		}
	}
}

// write writes the rows to w.
func (t *table) write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := len(t.width) + 1
	cell := func(k int) []byte {
		if k == 0 {
			return t.buf[:t.ends[0]]
		}
		return t.buf[t.ends[k-1]:t.ends[k]]
	}
	noted := false // a row other than the heading has a last cell
	for k := 2*n - 1; t.lastOptional && k < len(t.ends) && !noted; k += n {
		noted = len(cell(k)) > 0
	}
	for k := 0; k < len(t.ends); k += n {
		m := n // cells written in this row
		if t.lastOptional && (!noted || len(cell(k+n-1)) == 0) {
			m--
		}
		for col := range m {
			c := cell(k + col)
			bw.Write(c)
			if col == m-1 {
				break
			}
			for pad := t.width[col] + 2 - health.DisplayWidth(string(c)); pad > 0; pad-- {
				bw.WriteByte(' ')
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// A table of a listing read twice (records: 300,000 rows held 30 MB of cells): measure each
// row on a first read, then write each on a second (writeRow), padded as write pads them.
// measure and writeRow take the same rows in the same order, the heading first.
func (t *table) measure(cells ...string) {
	if t.width == nil {
		t.width = make([]int, len(cells)-1)
	}
	for i, c := range cells[:len(cells)-1] {
		t.width[i] = max(t.width[i], health.DisplayWidth(c))
	}
	if t.rows > 0 && cells[len(cells)-1] != "" {
		t.noted = true // a row other than the heading has a last cell
	}
	t.rows++
}

// writeRow writes a measured row to bw as write writes it.
func (t *table) writeRow(bw *bufio.Writer, cells ...string) {
	m := len(cells)
	if t.lastOptional && (!t.noted || cells[m-1] == "") {
		m--
	}
	for col, c := range cells[:m] {
		bw.WriteString(c)
		if col == m-1 {
			break
		}
		for pad := t.width[col] + 2 - health.DisplayWidth(c); pad > 0; pad-- {
			bw.WriteByte(' ')
		}
	}
	bw.WriteByte('\n')
}
