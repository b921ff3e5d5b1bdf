package cli

import (
	"bufio"
	"bytes"
	"testing"
)

// records writes its table in a second read of the records (measure, then writeRow), holding
// no row: the same bytes as the table that keeps every row (row, write), with and without a
// row that has the optional last cell, with cells wider on a terminal than in runes.
func TestTableWrittenRowByRowAsWhole(t *testing.T) {
	heading := []string{"TYPE", "ID", "DATE", "PROFILE", "SOURCE", "STATUS"}
	for _, tc := range []struct {
		name string
		rows [][]string
	}{
		{"no notes", [][]string{{"Patient", "p1", "", "abc", "local", ""}, {"Observation", "o-1", "1 Jan 2024", "abc", "portal", ""}}},
		{"one note", [][]string{{"Observation", "o-1", "1 Jan 2024", "abc", "local", ""}, {"Condition", "c", "2 Feb 2020", "abc", "local", "deleted at the source"}}},
		{"wide characters", [][]string{{"Observation", "血压", "1 Jan 2024", "abc", "local", ""}, {"Observation", "x", "3 Mar 2023", "abcdefgh", "local", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := table{lastOptional: true}
			whole.row(heading...)
			streamed := table{lastOptional: true}
			streamed.measure(heading...)
			for _, r := range tc.rows {
				whole.row(r...)
				streamed.measure(r...)
			}
			var want, got bytes.Buffer
			if err := whole.write(&want); err != nil {
				t.Fatal(err)
			}
			bw := bufio.NewWriter(&got)
			streamed.writeRow(bw, heading...)
			for _, r := range tc.rows {
				streamed.writeRow(bw, r...)
			}
			bw.Flush()
			if got.String() != want.String() {
				t.Errorf("row by row:\n%s\nwhole:\n%s", got.String(), want.String())
			}
		})
	}
}
