package config

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// value is one TOML value with the line it was written on, built from go-toml's
// position-keeping parser. Tables keep their keys in file order.
type value struct {
	kind unstable.Kind // unstable.Table for every table, inline or not
	line int           // line of the key (table fields), or of the element (array items)
	raw  string        // scalars: the text as written
	str  string        // strings: the decoded text

	// tables
	keys   []string
	fields map[string]*value
	// arrays; tableArray marks an array made by [[header]] blocks
	items      []*value
	tableArray bool
}

func newTable(line int) *value {
	return &value{kind: unstable.Table, line: line, fields: map[string]*value{}}
}

// field returns the value of key k in table t, or nil.
func (t *value) field(k string) *value {
	if t == nil || t.kind != unstable.Table {
		return nil
	}
	return t.fields[k]
}

func (t *value) set(k string, v *value) {
	if _, ok := t.fields[k]; !ok {
		t.keys = append(t.keys, k)
	}
	t.fields[k] = v
}

// display is v as it would appear in TOML, for messages: strings quoted, other scalars as
// written, "" for arrays and tables.
func (v *value) display() string {
	switch v.kind {
	case unstable.String:
		s := strconv.Quote(v.str)
		if len(s) > 80 {
			s = s[:60] + `..."`
		}
		return s
	case unstable.Array, unstable.Table:
		return ""
	}
	if len(v.raw) > 80 {
		return v.raw[:60] + "..."
	}
	return v.raw
}

// describe names v's type for messages: "a string", "an array", ...
func (v *value) describe() string {
	switch v.kind {
	case unstable.String:
		return "a string"
	case unstable.Bool:
		return "a boolean"
	case unstable.Integer:
		return "an integer"
	case unstable.Float:
		return "a number"
	case unstable.Array:
		if v.tableArray {
			return "an array of tables"
		}
		return "an array"
	case unstable.Table:
		return "a table"
	case unstable.LocalDate:
		return "a date"
	case unstable.LocalTime:
		return "a time of day"
	default:
		return "a date-time"
	}
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int // offsets of each '\n'

func newLineIndex(data []byte) lineIndex {
	var idx lineIndex
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i)
		}
	}
	return idx
}

func (idx lineIndex) line(offset int) int {
	return sort.SearchInts(idx, offset) + 1
}

// syntaxError is a document that is not valid TOML.
type syntaxError struct {
	line int
	msg  string
}

// parseTree parses data into a tree of positioned values. The document is first decoded by
// go-toml proper, which enforces all of TOML's rules (duplicate keys, redefined tables,
// invalid dates) and reports the first violation with its position; only a valid document
// is then walked with the unstable parser, whose nodes carry byte ranges.
func parseTree(data []byte) (*value, *syntaxError) {
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			return nil, &syntaxError{line: max(row, 1), msg: "invalid TOML: " + strings.TrimPrefix(de.Error(), "toml: ")}
		}
		return nil, &syntaxError{line: 1, msg: "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")}
	}
	b := &builder{idx: newLineIndex(data)}
	b.p.Reset(data)
	root := newTable(0)
	cur := root
	for b.p.NextExpression() {
		e := b.p.Expression()
		switch e.Kind {
		case unstable.Table:
			cur = b.walk(root, e.Key(), false)
		case unstable.ArrayTable:
			cur = b.walk(root, e.Key(), true)
		case unstable.KeyValue:
			b.keyValue(cur, e)
		}
	}
	if err := b.p.Error(); err != nil {
		// Unreachable for a document go-toml decoded; kept so a disagreement between
		// the two parsers is still reported, not ignored.
		line := 1
		var pe *unstable.ParserError
		if errors.As(err, &pe) && len(pe.Highlight) > 0 {
			line = b.idx.line(int(b.p.Range(pe.Highlight).Offset))
		}
		return nil, &syntaxError{line: line, msg: "invalid TOML: " + err.Error()}
	}
	return root, nil
}

type builder struct {
	p   unstable.Parser
	idx lineIndex
}

func (b *builder) lineOf(n *unstable.Node) int {
	return b.idx.line(int(n.Raw.Offset))
}

// walk follows the dotted key of a [table] or [[table]] header from root, creating tables
// as needed, and returns the table the following keys belong to.
func (b *builder) walk(root *value, key unstable.Iterator, array bool) *value {
	t := root
	for key.Next() {
		k := key.Node()
		name, line := string(k.Data), b.lineOf(k)
		last := key.IsLast()
		next := t.fields[name]
		switch {
		case last && array:
			if next == nil || next.kind != unstable.Array {
				next = &value{kind: unstable.Array, line: line, tableArray: true}
				t.set(name, next)
			}
			elem := newTable(line)
			next.items = append(next.items, elem)
			return elem
		case next == nil:
			next = newTable(line)
			t.set(name, next)
		case next.kind == unstable.Array && next.tableArray && len(next.items) > 0:
			next = next.items[len(next.items)-1]
		case next.kind != unstable.Table:
			// Not reachable in valid TOML; keep the keys somewhere harmless.
			next = newTable(line)
		}
		if last {
			// A table first made implicitly (by [a.b] or a.b = ...) takes the line of
			// its own header.
			next.line = line
		}
		t = next
	}
	return t
}

// keyValue adds a "a.b.c = value" expression to table t.
func (b *builder) keyValue(t *value, kv *unstable.Node) {
	key := kv.Key()
	for key.Next() {
		k := key.Node()
		name, line := string(k.Data), b.lineOf(k)
		if key.IsLast() {
			t.set(name, b.convert(kv.Value(), line))
			return
		}
		next := t.fields[name]
		if next == nil || next.kind != unstable.Table {
			next = newTable(line)
			t.set(name, next)
		}
		t = next
	}
}

// convert turns a value node into a value; line is where its key is (arrays have no range
// of their own).
func (b *builder) convert(n *unstable.Node, line int) *value {
	switch n.Kind {
	case unstable.Array:
		v := &value{kind: unstable.Array, line: line}
		it := n.Children()
		for it.Next() {
			c := it.Node()
			cl := line
			if c.Kind != unstable.Array {
				cl = b.lineOf(c)
			}
			v.items = append(v.items, b.convert(c, cl))
		}
		return v
	case unstable.InlineTable:
		v := newTable(line)
		it := n.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				b.keyValue(v, c)
			}
		}
		return v
	case unstable.String:
		return &value{kind: n.Kind, line: line, raw: string(b.p.Raw(n.Raw)), str: string(n.Data)}
	default:
		return &value{kind: n.Kind, line: line, raw: string(n.Data)}
	}
}
