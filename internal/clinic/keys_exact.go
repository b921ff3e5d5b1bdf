package clinic

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// checkKeys walks the JSON in data against the fields of t (a struct type with json tags) and
// refuses a key that is not exactly a field's name and a key that appears twice in one object.
// encoding/json alone matches keys case-insensitively and lets the last duplicate win, so a
// reviewer reading "serial": 1 could be shown one value while "SERIAL": 9 later in the file
// is the one applied. Syntax errors are left to the decoder.
func checkKeys(data []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := walkKeys(dec, t, ""); err != errSyntax {
		return err
	}
	return nil // the decoder reports it with its position
}

// errSyntax stops the walk at a syntax error.
var errSyntax = errors.New("JSON syntax error")

var timeType = reflect.TypeFor[time.Time]()

func walkKeys(dec *json.Decoder, t reflect.Type, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return errSyntax
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '[':
		var elem reflect.Type
		if t != nil && t.Kind() == reflect.Slice {
			elem = t.Elem()
		}
		for i := 1; dec.More(); i++ {
			if err := walkKeys(dec, elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return errSyntax
		}
		return nil
	case '{':
		fields := map[string]reflect.Type{}
		if t != nil && t.Kind() == reflect.Struct && t != timeType {
			for i := range t.NumField() {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name != "" && name != "-" {
					fields[name] = f.Type
				}
			}
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return errSyntax
			}
			key, _ := tok.(string)
			where := key
			if path != "" {
				where = path + "." + key
			}
			if seen[key] {
				return fmt.Errorf("%s appears twice", strconv.Quote(where))
			}
			seen[key] = true
			ft, known := fields[key]
			if t != nil && !known {
				for name := range fields {
					if strings.EqualFold(name, key) {
						return fmt.Errorf("unknown field %s (field names are exact: did you mean %q?)", strconv.Quote(where), name)
					}
				}
				return fmt.Errorf("unknown field %s", strconv.Quote(where))
			}
			if err := walkKeys(dec, ft, where); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return errSyntax
		}
		return nil
	}
	return errors.New("unexpected JSON delimiter") // cannot happen: Token returns only { and [ here
}
