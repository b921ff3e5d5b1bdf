package cli

import (
	"bufio"
	"io"
	"strings"

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

// tabs is text/tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) measuring cells by their width on a
// terminal (health.DisplayWidth), as table does: what is written is kept until Flush, then
// each line's tab-terminated cells are padded to the widest cell of their column block (the
// lines next to each other that have a cell in that column) plus two; a line's last cell is
// written as it is. Under tabwriter, which counts runes, a Japanese name pushed the columns
// after it two columns a character out of line (F562). For short listings; records and other
// listings that can run to 100,000 rows use table.
type tabs struct {
	w   io.Writer
	buf []byte
}

func newTabs(w io.Writer) *tabs { return &tabs{w: w} }

func (t *tabs) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	return len(p), nil
}

// Flush writes what was written, aligned, and forgets it.
func (t *tabs) Flush() error {
	text := string(t.buf)
	t.buf = t.buf[:0]
	ends := strings.HasSuffix(text, "\n")
	text = strings.TrimSuffix(text, "\n")
	if text == "" && !ends {
		return nil
	}
	lines := strings.Split(text, "\n")
	cells := make([][]string, len(lines))
	for i, l := range lines {
		cells[i] = strings.Split(l, "\t")
	}
	if last := cells[len(cells)-1]; !ends && len(last) > 1 && last[len(last)-1] == "" {
		cells[len(cells)-1] = last[:len(last)-1] // as tabwriter: no cell after a last tab unended
	}
	// widths[i][j]: the padded width of line i's cell j (every cell but the last).
	widths := make([][]int, len(lines))
	for i := range cells {
		widths[i] = make([]int, len(cells[i])-1)
	}
	for col := 0; ; col++ {
		found := false
		for i := 0; i < len(cells); {
			if len(cells[i])-1 <= col {
				i++
				continue
			}
			found = true
			j, w := i, 0
			for ; j < len(cells) && len(cells[j])-1 > col; j++ {
				w = max(w, health.DisplayWidth(cells[j][col])+2)
			}
			for ; i < j; i++ {
				widths[i][col] = w
			}
		}
		if !found {
			break
		}
	}
	bw := bufio.NewWriter(t.w)
	for i, row := range cells {
		for j, c := range row {
			bw.WriteString(c)
			if j < len(widths[i]) {
				for pad := widths[i][j] - health.DisplayWidth(c); pad > 0; pad-- {
					bw.WriteByte(' ')
				}
			}
		}
		if i < len(cells)-1 || ends {
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
