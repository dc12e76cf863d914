package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// snoozeBody is the args of the snooze op. An empty Duration means the first configured
// choice.
type snoozeBody struct {
	Duration string `json:"duration,omitempty"`
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
// data; what names data in errors ("request", "args"). An empty (or all-space) data, or
// null, leaves v as it is.
func decodeJSON(what string, data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
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

// decodeEmpty accepts the args of an op without parameters: nothing, null or {}.
func decodeEmpty(data []byte) error {
	var v struct{}
	return decodeJSON("args", data, &v)
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
	return parseBounded("duration", b.Duration, MaxSnooze)
}

// decodePause decodes the args of the pause op.
func decodePause(data []byte) (daemon.PauseRequest, error) {
	var b pauseBody
	if err := decodeJSON("args", data, &b); err != nil {
		return daemon.PauseRequest{}, err
	}
	var p daemon.PauseRequest
	set := 0
	if b.For != "" {
		d, err := parseBounded("for", b.For, MaxPause)
		if err != nil {
			return daemon.PauseRequest{}, err
		}
		p.For = d
		set++
	}
	if b.UntilNextRange {
		p.UntilNextRange = true
		set++
	}
	if b.UntilTomorrow {
		p.UntilTomorrow = true
		set++
	}
	if b.Indefinitely {
		p.Indefinitely = true
		set++
	}
	if set != 1 {
		return daemon.PauseRequest{}, badRequestf(`bad pause request: set exactly one of "for", "until_next_range", "until_tomorrow" and "indefinitely"`)
	}
	return p, nil
}

// parseBounded parses the duration s of field name and checks MinDuration <= d <= max.
func parseBounded(name, s string, max time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, badRequestf("bad %s %q: want a duration such as 10m or 1h30m", name, s)
	}
	if d < MinDuration || d > max {
		return 0, badRequestf("bad %s %s: want between %v and %v", name, d, MinDuration, max)
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

func encodePause(p daemon.PauseRequest) pauseBody {
	b := pauseBody{UntilNextRange: p.UntilNextRange, UntilTomorrow: p.UntilTomorrow, Indefinitely: p.Indefinitely}
	if p.For != 0 {
		b.For = p.For.String()
	}
	return b
}
