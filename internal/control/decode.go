package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// snoozeBody is the args of the snooze op. An empty Duration means the first configured
// choice.
type snoozeBody struct {
	Duration string `json:"duration,omitempty"`
}

// breakBody is the args of the break op: the exercise to do, or none.
type breakBody struct {
	Exercise string `json:"exercise,omitempty"`
}

// pauseBody is the args of the pause op: exactly one field is set.
type pauseBody struct {
	For            string `json:"for,omitempty"`
	UntilNextRange bool   `json:"until_next_range,omitempty"`
	UntilTomorrow  bool   `json:"until_tomorrow,omitempty"`
	Indefinitely   bool   `json:"indefinitely,omitempty"`
}

// badRequestError is a request the server will not act on: a bad_request answer with its
// message.
type badRequestError struct{ msg string }

func (e *badRequestError) Error() string { return e.msg }

func badRequestf(format string, a ...any) error {
	return &badRequestError{fmt.Sprintf(format, a...)}
}

// decodeJSON decodes one JSON object from data into v, refusing unknown fields and trailing
// data; what names data in errors ("request", "args"). Keys must match v's field names
// exactly (encoding/json alone would take "OP" for "op") and appear once (it would keep the
// last of two). An empty (or all-space) data, or null, leaves v as it is.
func decodeJSON(what string, data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := checkKeys(data, v); err != nil {
		return badRequestf("bad %s: %v", what, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequestf("bad %s: %v", what, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequestf("bad %s: more than one JSON value", what)
	}
	return nil
}

// checkKeys checks the keys of the JSON object in data against the json names of the struct
// v points to: each one exactly as named, and once. What is not an object is left to the
// decoder to judge.
func checkKeys(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	names := jsonNames(reflect.TypeOf(v).Elem())
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil // malformed: the decoder says so
		}
		key, _ := tok.(string)
		if seen[key] {
			return fmt.Errorf("key %q appears twice", key)
		}
		if !names[key] {
			for name := range names {
				if strings.EqualFold(name, key) {
					return fmt.Errorf("unknown key %q: keys are matched exactly; did you mean %q?", key, name)
				}
			}
			// Unknown altogether: the decoder says so.
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

// jsonNames returns the json names of struct type t's fields.
func jsonNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	if t.Kind() != reflect.Struct {
		return names
	}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	return names
}

// decodeEmpty accepts the args of an op without parameters: nothing, null or {}.
func decodeEmpty(data []byte) error {
	var v struct{}
	return decodeJSON("args", data, &v)
}

// decodeRequest decodes the args of action a into a request the daemon may act on: its
// durations parse and are within the bounds of api.Request.Check.
func decodeRequest(a api.Action, data []byte) (api.Request, error) {
	r := api.Request{Action: a}
	var err error
	switch a {
	case api.Snooze:
		r.Snooze, err = decodeSnooze(data)
	case api.Pause:
		r.Pause, err = decodePause(data)
	case api.Break:
		var b breakBody
		if len(data) > 0 && string(data) != "null" {
			err = decodeJSON("args", data, &b)
		}
		r.Exercise = b.Exercise
	default:
		err = decodeEmpty(data)
	}
	if err != nil {
		return api.Request{}, err
	}
	if err := r.Check(); err != nil {
		return api.Request{}, &badRequestError{err.Error()}
	}
	return r, nil
}

// decodeSnooze decodes the args of the snooze op. A zero duration means the first
// configured choice.
func decodeSnooze(data []byte) (time.Duration, error) {
	var b snoozeBody
	if err := decodeJSON("args", data, &b); err != nil {
		return 0, err
	}
	if b.Duration == "" {
		return 0, nil
	}
	return parseDuration("duration", b.Duration)
}

// decodePause decodes the args of the pause op.
func decodePause(data []byte) (api.PauseRequest, error) {
	var b pauseBody
	if err := decodeJSON("args", data, &b); err != nil {
		return api.PauseRequest{}, err
	}
	p := api.PauseRequest{UntilNextRange: b.UntilNextRange, UntilTomorrow: b.UntilTomorrow, Indefinitely: b.Indefinitely}
	if b.For != "" {
		d, err := parseDuration("for", b.For)
		if err != nil {
			return api.PauseRequest{}, err
		}
		if d == 0 {
			// "0s" is a pause for nothing, not a pause that says no length.
			return api.PauseRequest{}, badRequestf("%v", api.CheckDuration("pause", 0, api.MaxPause))
		}
		p.For = d
	}
	return p, nil
}

// parseDuration parses the duration s of field name; api.Request.Check checks its bounds.
func parseDuration(name, s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, badRequestf("bad %s %q: want a duration such as 10m or 1h30m", name, s)
	}
	return d, nil
}

// encodeSnooze and encodePause are the client's side of the same args.
func encodeSnooze(d time.Duration) snoozeBody {
	if d == 0 {
		return snoozeBody{}
	}
	return snoozeBody{Duration: d.String()}
}

func encodePause(p api.PauseRequest) pauseBody {
	b := pauseBody{UntilNextRange: p.UntilNextRange, UntilTomorrow: p.UntilTomorrow, Indefinitely: p.Indefinitely}
	if p.For != 0 {
		b.For = p.For.String()
	}
	return b
}
