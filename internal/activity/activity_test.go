package activity

import (
	"errors"
	"testing"
)

func TestSignalKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[SignalKind]string{Sleep: "sleep", Wake: "wake", Lock: "lock", Unlock: "unlock", 0: "SignalKind(0)"} {
		if got := k.String(); got != want {
			t.Errorf("SignalKind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestNoneSource(t *testing.T) {
	t.Parallel()
	var s IdleSource = noneSource{}
	if d, err := s.Idle(t.Context()); d != 0 || !errors.Is(err, ErrNoIdleSource) {
		t.Errorf("Idle = %v, %v; want 0, ErrNoIdleSource", d, err)
	}
	if s.Name() != "none" || s.Close() != nil {
		t.Errorf("Name = %q, Close = %v; want none, nil", s.Name(), s.Close())
	}
}
