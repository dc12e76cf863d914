package control

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// okController accepts everything; it lets FuzzDecodeRequest drive the whole handler.
type okController struct{}

var _ Controller = okController{}

func (okController) Snapshot(context.Context) (daemon.Snapshot, error) { return daemon.Snapshot{}, nil }
func (okController) Snooze(context.Context, time.Duration) (daemon.Result, error) {
	return daemon.Result{Message: "ok"}, nil
}
func (okController) Skip(context.Context) (daemon.Result, error)       { return daemon.Result{}, nil }
func (okController) StartBreak(context.Context) (daemon.Result, error) { return daemon.Result{}, nil }
func (okController) Done(context.Context) (daemon.Result, error)       { return daemon.Result{}, nil }
func (okController) Pause(context.Context, daemon.PauseRequest) (daemon.Result, error) {
	return daemon.Result{}, nil
}
func (okController) Resume(context.Context) (daemon.Result, error) { return daemon.Result{}, nil }
func (okController) Reload(context.Context) (daemon.Result, error) { return daemon.Result{}, nil }

func TestDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Duration{0, time.Second, 90 * time.Second, 10 * time.Minute, MaxSnooze} {
		data, _ := json.Marshal(encodeSnooze(d))
		got, err := decodeSnooze(data)
		if err != nil || got != d {
			t.Errorf("snooze %v: sent %s, decoded %v, %v", d, data, got, err)
		}
	}
	for _, p := range []daemon.PauseRequest{{For: time.Hour}, {For: MaxPause}, {UntilNextRange: true}, {UntilTomorrow: true}, {Indefinitely: true}} {
		data, _ := json.Marshal(encodePause(p))
		got, err := decodePause(data)
		if err != nil || got != p {
			t.Errorf("pause %+v: sent %s, decoded %+v, %v", p, data, got, err)
		}
	}
}

// FuzzDecodeRequest feeds arbitrary bodies to the decoders and to every route: nothing may
// panic, a decoded request is always within bounds and survives a round trip, and every
// answer is JSON with a known status.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{"", "{}", `{"duration":"10m"}`, `{"duration":"-1h"}`, `{"for":"2h"}`,
		`{"until_next_range":true}`, `{"indefinitely":true}`, `{"for":"1h","indefinitely":true}`, `{}{}`,
		`{"duration":1e999}`, `[`, "\x00", `{"duration":"9223372036854775807ns"}`, `{"Duration":"1m"}`} {
		f.Add([]byte(s))
	}
	h := NewHandler(okController{}, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		var bad *badRequestError
		if d, err := decodeSnooze(data); err == nil {
			if d != 0 && (d < MinDuration || d > MaxSnooze) {
				t.Fatalf("decodeSnooze(%q) = %v: out of bounds", data, d)
			}
			again, _ := json.Marshal(encodeSnooze(d))
			if d2, err := decodeSnooze(again); err != nil || d2 != d {
				t.Fatalf("snooze %v: round trip gave %v, %v", d, d2, err)
			}
		} else if !errors.As(err, &bad) {
			t.Fatalf("decodeSnooze(%q): error %v is not a bad request", data, err)
		}
		if p, err := decodePause(data); err == nil {
			n := 0
			for _, b := range []bool{p.For != 0, p.UntilNextRange, p.UntilTomorrow, p.Indefinitely} {
				if b {
					n++
				}
			}
			if n != 1 || (p.For != 0 && (p.For < MinDuration || p.For > MaxPause)) {
				t.Fatalf("decodePause(%q) = %+v: not exactly one valid field", data, p)
			}
			again, _ := json.Marshal(encodePause(p))
			if p2, err := decodePause(again); err != nil || p2 != p {
				t.Fatalf("pause %+v: round trip gave %+v, %v", p, p2, err)
			}
		} else if !errors.As(err, &bad) {
			t.Fatalf("decodePause(%q): error %v is not a bad request", data, err)
		}
		if err := decodeEmpty(data); err != nil && !errors.As(err, &bad) {
			t.Fatalf("decodeEmpty(%q): error %v is not a bad request", data, err)
		}
		for _, r := range Routes() {
			method, path, _ := strings.Cut(r, " ")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(string(data))))
			switch rec.Code {
			case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			default:
				t.Fatalf("%s with body %q: status %d", r, data, rec.Code)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s with body %q: answer %q is not JSON", r, data, rec.Body)
			}
		}
	})
}
