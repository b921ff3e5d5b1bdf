package cli

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"carekeeper/internal/health"
)

// valuesJSON are a series' readings as `results --json` lists them ("values"). Printed with
// printValuesJSON, each is encoded as it is written: a watch's 300,000 heart rates were
// 300,000 values in memory, then their 20 MB of JSON in the encoder's buffer (`results
// --json` peaked at 137 MB). Encoded on its own (no stream), the list is made whole.
type valuesJSON struct {
	se *health.Series // nil: no values
	st *valuesStream
	// afterDeath says a reading is dated after the person's death ("afterDeath":true, F365);
	// nil for a living person.
	afterDeath func(t time.Time, dateOnly bool) bool
	// now: a reading not taken yet at now (health.AfterToday: one dated 21:00 at 11:00) is
	// "notTakenYet":true, as the text says "1 reading dated later today, 21:00" (F352); zero:
	// none said.
	now time.Time
	loc *time.Location // the person's clock: a date-only reading is taken once its day has begun there
}

// valuesStream stands each series' values in the encoded JSON by a mark printValuesJSON
// replaces with them.
type valuesStream struct {
	mark   string // `"\u0000ck-values-NONCE-`: a string the records cannot hold (a random nonce)
	series []valuesJSON
}

func newValuesStream() (*valuesStream, error) {
	var nonce [12]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	return &valuesStream{mark: `"\u0000ck-values-` + hex.EncodeToString(nonce[:]) + "-"}, nil
}

// of is the series' values, to be written where its mark stands.
func (st *valuesStream) of(se *health.Series) valuesJSON { return valuesJSON{se: se, st: st} }

func (v valuesJSON) MarshalJSON() ([]byte, error) {
	if v.se == nil {
		return []byte("[]"), nil
	}
	if v.st == nil {
		var b bytes.Buffer
		err := writeValues(&b, v)
		return b.Bytes(), err
	}
	i := len(v.st.series)
	v.st.series = append(v.st.series, v)
	return []byte(v.st.mark + strconv.Itoa(i) + `"`), nil
}

// writeValues writes a series' readings as a JSON array, each as toValueJSON makes it.
func writeValues(w interface {
	Write([]byte) (int, error)
	WriteByte(byte) error
}, vs valuesJSON) error {
	if err := w.WriteByte('['); err != nil {
		return err
	}
	for i, p := range vs.se.Points().All() {
		v := toValueJSON(vs.se, p)
		v.AfterDeath = vs.afterDeath != nil && vs.afterDeath(p.T, p.DateOnly)
		v.NotTakenYet = !vs.now.IsZero() && health.AfterTodayIn(p, vs.now, vs.loc)
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if i > 0 {
			if err := w.WriteByte(','); err != nil {
				return err
			}
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return w.WriteByte(']')
}

// toValueJSON is one reading of a series as --json says it.
func toValueJSON(se *health.Series, p health.Point) valueJSON {
	v := valueJSON{At: p.T.Format(time.RFC3339), Precision: precisionJSON(p.Precision, p.DateOnly), Value: p.V, Flag: string(p.Flag), Comparator: p.Comparator}
	if p.Converted {
		v.Original = &originalJSON{Value: p.Original, Unit: health.Unit(p.OriginalUnit)}
	}
	if se.Pair {
		v2 := p.V2
		v.Value2 = &v2
		if v.Flag == "" {
			v.Flag = string(p.Flag2)
		}
	}
	return v
}

// printValuesJSON prints v as printJSON does, each series' values (valuesJSON of st) written
// where its mark stands.
func (c *call) printValuesJSON(v any, st *valuesStream) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	w := bufio.NewWriterSize(c.env.Stdout, 64<<10)
	b, mark := buf.Bytes(), []byte(st.mark)
	for {
		i := bytes.Index(b, mark)
		if i < 0 {
			break
		}
		if _, err := w.Write(b[:i]); err != nil {
			return err
		}
		b = b[i+len(mark):]
		j := bytes.IndexByte(b, '"')
		n, err := strconv.Atoi(string(b[:max(j, 0)]))
		if j < 0 || err != nil || n >= len(st.series) {
			return fmt.Errorf("results: a series' values were not where they were marked")
		}
		b = b[j+1:]
		if err := writeValues(w, st.series[n]); err != nil {
			return err
		}
	}
	if _, err := w.Write(b); err != nil {
		return err
	}
	return w.Flush()
}
