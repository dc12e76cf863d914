package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// okController accepts everything; it lets FuzzServeRequest drive the whole server.
type okController struct{}

var _ api.Controller = okController{}

func (okController) Snapshot(context.Context) (api.Snapshot, error) { return api.Snapshot{}, nil }
func (okController) Act(context.Context, api.Request) (api.Result, error) {
	return api.Result{Message: "ok"}, nil
}
func (okController) Watch(ctx context.Context) (<-chan api.Snapshot, error) {
	ch := make(chan api.Snapshot, 1)
	ch <- api.Snapshot{}
	close(ch)
	return ch, nil
}

func TestDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Duration{0, time.Second, 90 * time.Second, 10 * time.Minute, api.MaxSnooze} {
		data, _ := json.Marshal(encodeSnooze(d))
		got, err := decodeSnooze(data)
		if err != nil || got != d {
			t.Errorf("snooze %v: sent %s, decoded %v, %v", d, data, got, err)
		}
	}
	for _, p := range []api.PauseRequest{{For: time.Hour}, {For: api.MaxPause}, {UntilNextRange: true}, {UntilTomorrow: true}, {Indefinitely: true}} {
		data, _ := json.Marshal(encodePause(p))
		got, err := decodePause(data)
		if err != nil || got != p {
			t.Errorf("pause %+v: sent %s, decoded %+v, %v", p, data, got, err)
		}
	}
}

// FuzzServeRequest feeds arbitrary bytes to the server as a request, and to the decoders
// as args (and, when they are JSON, as the args of every op): nothing may panic, a decoded
// request is always within bounds and survives a round trip, and every answer is one line of
// JSON with either "ok" or an error of a known kind.
func FuzzServeRequest(f *testing.F) {
	for _, s := range []string{"", "\n", "{}", `{"duration":"10m"}`, `{"duration":"-1h"}`, `{"for":"2h"}`,
		`{"until_next_range":true}`, `{"indefinitely":true}`, `{"for":"1h","indefinitely":true}`, `{}{}`,
		`{"duration":1e999}`, `[`, "\x00", `{"duration":"9223372036854775807ns"}`, `{"Duration":"1m"}`,
		`{"op":"snapshot"}`, "{\"op\":\"snooze\",\"args\":{\"duration\":\"10m\"}}\n", `{"op":"pause","args":{"for":"1h"}}`,
		`{"op":"skip","args":null}`, "{\"op\":\"done\"}\n{\"op\":\"skip\"}", `{"op":"nope"}`, `{"OP":"reload"}`,
		"GET /v1/snapshot HTTP/1.1\r\nHost: x\r\n\r\n"} {
		f.Add([]byte(s))
	}
	s := &server{c: okController{}, log: slog.New(slog.DiscardHandler)}
	check := func(t *testing.T, req, ans []byte) {
		t.Helper()
		if !bytes.HasSuffix(ans, []byte("\n")) || bytes.Count(ans, []byte("\n")) != 1 {
			t.Fatalf("request %q: answer %q is not one line", req, ans)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(ans, &fields); err != nil {
			t.Fatalf("request %q: answer %q is not a JSON object: %v", req, ans, err)
		}
		var a clientAnswer
		if err := json.Unmarshal(ans, &a); err != nil {
			t.Fatalf("request %q: answer %q: %v", req, ans, err)
		}
		_, ok := fields["ok"]
		switch {
		case ok && len(fields) == 1:
		case !ok && len(fields) == 2 && a.Error != "" && a.Kind == kindBadRequest:
			// okController accepts everything: only the request can be wrong.
		default:
			t.Fatalf("request %q: answer %q is neither ok nor a bad_request error", req, ans)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var bad *badRequestError
		if r, err := decodeRequest(api.Snooze, data); err == nil {
			d := r.Snooze
			if d != 0 && (d < api.MinDuration || d > api.MaxSnooze) {
				t.Fatalf("decodeSnooze(%q) = %v: out of bounds", data, d)
			}
			again, _ := json.Marshal(encodeSnooze(d))
			if d2, err := decodeSnooze(again); err != nil || d2 != d {
				t.Fatalf("snooze %v: round trip gave %v, %v", d, d2, err)
			}
		} else if !errors.As(err, &bad) {
			t.Fatalf("decodeRequest(snooze, %q): error %v is not a bad request", data, err)
		}
		if r, err := decodeRequest(api.Pause, data); err == nil {
			p := r.Pause
			n := 0
			for _, b := range []bool{p.For != 0, p.UntilNextRange, p.UntilTomorrow, p.Indefinitely} {
				if b {
					n++
				}
			}
			if n != 1 || (p.For != 0 && (p.For < api.MinDuration || p.For > api.MaxPause)) {
				t.Fatalf("decodePause(%q) = %+v: not exactly one valid field", data, p)
			}
			again, _ := json.Marshal(encodePause(p))
			if p2, err := decodePause(again); err != nil || p2 != p {
				t.Fatalf("pause %+v: round trip gave %+v, %v", p, p2, err)
			}
		} else if !errors.As(err, &bad) {
			t.Fatalf("decodeRequest(pause, %q): error %v is not a bad request", data, err)
		}
		if err := decodeEmpty(data); err != nil && !errors.As(err, &bad) {
			t.Fatalf("decodeEmpty(%q): error %v is not a bad request", data, err)
		}

		// The bytes as a whole request, as a client sends them before closing its side.
		ans, _ := s.exchange(context.Background(), bytes.NewReader(data))
		if len(data) == 0 {
			if ans != nil {
				t.Fatalf("no request: answer %q, want none", ans)
			}
		} else {
			check(t, data, ans)
		}

		// The bytes as the args of every op.
		if !json.Valid(data) {
			return
		}
		var args bytes.Buffer
		if err := json.Compact(&args, data); err != nil {
			t.Fatalf("compact valid JSON %q: %v", data, err)
		}
		for _, op := range Ops() {
			req := fmt.Appendf(nil, "{\"op\":%q,\"args\":%s}\n", op, args.Bytes())
			ans, stream := s.exchange(context.Background(), bytes.NewReader(req))
			if stream != nil {
				continue // a watch streams snapshots; TestWatch covers it
			}
			check(t, req, ans)
		}
	})
}

// TestDecodeStrictKeys: keys are matched exactly and once (issue 15).
func TestDecodeStrictKeys(t *testing.T) {
	t.Parallel()
	s := &server{c: okController{}, log: slog.New(slog.DiscardHandler)}
	for _, tc := range []struct{ req, want string }{
		{`{"OP":"reload"}`, `unknown key \"OP\"`},
		{`{"Op":"snapshot"}`, `unknown key \"Op\"`},
		{`{"op":"skip","op":"reload"}`, `key \"op\" appears twice`},
		{`{"op":"snapshot","ARGS":{}}`, `unknown key \"ARGS\"`},
		{`{"op":"snooze","args":{"Duration":"10m"}}`, `unknown key \"Duration\"`},
		{`{"op":"pause","args":{"for":"1h","for":"2h"}}`, `key \"for\" appears twice`},
	} {
		raw, _ := s.exchange(context.Background(), bytes.NewReader([]byte(tc.req+"\n")))
		ans := string(raw)
		if !strings.Contains(ans, `"kind":"bad_request"`) || !strings.Contains(ans, tc.want) {
			t.Errorf("request %s: answer %s, want a bad_request saying %s", tc.req, ans, tc.want)
		}
	}
	for _, ok := range []string{`{"op":"snapshot"}`, `{"op":"pause","args":{"for":"1h"}}`, `{"args":null,"op":"skip"}`} {
		if raw, _ := s.exchange(context.Background(), bytes.NewReader([]byte(ok+"\n"))); !strings.HasPrefix(string(raw), `{"ok"`) {
			ans := string(raw)
			t.Errorf("request %s: answer %s, want ok", ok, ans)
		}
	}
}
