package config

import (
	"strconv"
	"strings"
)

// Error is one problem in a config file: where it is, which field, the value as written and
// what is wrong with it. Its text reads
//
//	config.toml:7: work_hours.mon[1]: "13:30-12:00": end is before start
type Error struct {
	// File is the name the config was parsed under (Load uses the path).
	File string
	// Line is the 1-based line of the key or value the problem is about; 0 when the
	// problem is about no place in the file.
	Line int
	// Field is the dotted path of the key, with [i] for array elements, such as
	// "work_hours.mon[1]"; "" for a TOML syntax error.
	Field string
	// Value is the offending value as TOML would print it (strings quoted); "" when
	// the problem is about a key or a table rather than a value.
	Value string
	// Msg says what is wrong.
	Msg string
}

// Error formats e as "file:line: field: value: message", leaving out the parts that are empty.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	for _, part := range []string{e.Field, e.Value} {
		if part != "" {
			if b.Len() > 0 {
				b.WriteString(": ")
			}
			b.WriteString(part)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one config file, in file order. Parse and Load return
// it as their error; find it with errors.As.
type Errors []*Error

// Error joins the problems with newlines, one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
