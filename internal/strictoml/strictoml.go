// Package strictoml decodes the TOML files embedded in deskbreak (the exercise catalog and
// its poses) strictly: an unknown field is an error, and every error names its line.
package strictoml

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Decode decodes data into v, refusing unknown fields. The error starts "parse WHAT:" and
// lists every unknown field with its line, one per line, or names the line and column of a
// syntax or type error.
func Decode(data []byte, v any, what string) error {
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) {
		var errs []error
		for _, e := range sm.Errors {
			row, _ := e.Position()
			errs = append(errs, fmt.Errorf("line %d: unknown field %s", row, strings.Join(e.Key(), ".")))
		}
		return fmt.Errorf("parse %s: %w", what, errors.Join(errs...))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return fmt.Errorf("parse %s: line %d column %d: %w", what, row, col, err)
	}
	return fmt.Errorf("parse %s: %w", what, err)
}
