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
		for pad := t.width[col] + 2 - health.DisplayWidth(string(cell)); pad > 0; pad-- {
			bw.WriteByte(' ')
		}
	}
	return bw.Flush()
}
