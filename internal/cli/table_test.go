package cli

import (
	"strings"
	"testing"
	"text/tabwriter"
)

// TestTableLikeTabwriter: table writes what tabwriter (minwidth 0, padding 2, spaces) writes
// where every character takes one column, so `records` kept its output when it stopped using
// tabwriter.
func TestTableLikeTabwriter(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]string
	}{
		{"header only", [][]string{{"TYPE", "ID", "DATE", "PROFILE", "SOURCE"}}},
		{"records", [][]string{
			{"TYPE", "ID", "DATE", "PROFILE", "SOURCE"},
			{"Patient", "04697c5c-9919-d15b-89e1-e212ce984476", "", "3ba2814f4cc6", "local"},
			{"Observation", "o1", "3 Jul 1915", "3ba2814f4cc6", "https://ehr.example/fhir"},
		}},
		{"empty cells and a wide last column", [][]string{{"", "", "x"}, {"a", "", strings.Repeat("long ", 20)}}},
		{"runes, not bytes", [][]string{{"Gustavo Mejía", "ü", "z"}, {"José", "ñandú", "z"}, {"x", safe("a\tb\x1b"), "z"}}},
		{"one column", [][]string{{"a"}, {"bbb"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want strings.Builder
			tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', 0)
			var tab table
			for _, r := range tc.rows {
				tw.Write([]byte(strings.Join(r, "\t") + "\n"))
				tab.row(r...)
			}
			tw.Flush()
			var got strings.Builder
			if err := tab.write(&got); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("got\n%q\nwant\n%q", got.String(), want.String())
			}
		})
	}
}

// Columns are aligned by the cells' width on a terminal: a Chinese or Japanese name takes two
// columns a character ('household devices' misaligned "客厅电脑" by counting its runes, as
// tabwriter does); a combining accent and a zero-width joiner take none.
func TestTableAlignsByDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]string
		want string
	}{
		{"wide characters", [][]string{{"a1", "客厅电脑", "last seen 4 Dec"}, {"b2", "Anna's laptop", "never seen"}},
			"a1  客厅电脑       last seen 4 Dec\nb2  Anna's laptop  never seen\n"},
		{"fullwidth and kana", [][]string{{"ＡＢ", "x"}, {"ノート", "y"}, {"abcd", "z"}},
			"ＡＢ    x\nノート  y\nabcd    z\n"},
		{"combining accent, zero-width joiner", [][]string{{"Jose\u0301", "x"}, {"a\u200db", "y"}, {"abcde", "z"}},
			"Jose\u0301   x\na\u200db     y\nabcde  z\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tab table
			for _, r := range tc.rows {
				tab.row(r...)
			}
			var got strings.Builder
			if err := tab.write(&got); err != nil {
				t.Fatal(err)
			}
			if got.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got.String(), tc.want)
			}
		})
	}
}

// tabs writes what tabwriter (minwidth 0, padding 2, spaces) writes where every character
// takes one column, whatever the shape of the lines: lines with fewer cells end a column's
// block, a line's last cell is not measured, empty cells and blank lines.
func TestTabsLikeTabwriter(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"listing", "AT\tPERSON\tKIND\tWHAT\n08:00\tKenichi SATO\tmedicine\tWarfarin 1 mg\n20:00\tAna\tappointment\tDialysis\n"},
		{"blocks", "a\tb\tc\nlonger cell\tx\n\nheading\nq\tr\ts\tt\n"},
		{"empty cells, trailing tab", "\t\tx\na\t\t\nbb\tc\t\n"},
		{"no final newline", "a\tb\nccc\td"},
		{"nothing", ""},
		{"one column", "a\nbbb\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got strings.Builder
			tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', 0)
			tw.Write([]byte(tc.text))
			tw.Flush()
			tb := newTabs(&got)
			tb.Write([]byte(tc.text))
			if err := tb.Flush(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("got\n%q\nwant\n%q", got.String(), want.String())
			}
		})
	}
}

// A Japanese name takes two columns a character in every short listing too (F562):
// `profile list`'s BORN column after "佐藤和子" started four columns right of the others'.
func TestTabsAlignByDisplayWidth(t *testing.T) {
	var got strings.Builder
	tb := newTabs(&got)
	tb.Write([]byte("NAME\tBORN\n佐藤和子\t2 Apr 1951\nKenichi SATO\t14 Sep 1948\nＫＡＺＵＫＯ\t2 Apr 1951\n"))
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "NAME          BORN\n佐藤和子      2 Apr 1951\nKenichi SATO  14 Sep 1948\nＫＡＺＵＫＯ  2 Apr 1951\n"
	if got.String() != want {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want)
	}
}

// FuzzTabsLikeTabwriter: on text of one-column characters tabs writes what tabwriter writes.
func FuzzTabsLikeTabwriter(f *testing.F) {
	f.Add("a\tb\tc\nlonger\tx\n\nq\tr\ts\n")
	f.Add("\t\t\n\n\tz")
	f.Fuzz(func(t *testing.T, text string) {
		for _, r := range text {
			if r < ' ' && r != '\t' && r != '\n' || r > '~' {
				return // tabwriter's escapes and \f, \v and wide characters are not ours
			}
		}
		var want, got strings.Builder
		tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', 0)
		tw.Write([]byte(text))
		tw.Flush()
		tb := newTabs(&got)
		tb.Write([]byte(text))
		if err := tb.Flush(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q: got\n%q\nwant\n%q", text, got.String(), want.String())
		}
	})
}
