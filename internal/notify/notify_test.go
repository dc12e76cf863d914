package notify

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMessageValidate(t *testing.T) {
	t.Parallel()
	ok := Message{Summary: "Break time: 3 min", Actions: []Action{{"start", "Start"}, {"skip", "Skip"}}, DefaultAction: "start"}
	tests := []struct {
		name string
		m    Message
		want []string // substrings of the error; none: valid
	}{
		{"valid", ok, nil},
		{"valid_default_not_a_button", Message{Summary: "s", DefaultAction: "open"}, nil},
		{"empty_summary", Message{Summary: "  "}, []string{"empty summary"}},
		{"negative_timeout", Message{Summary: "s", Timeout: -time.Second}, []string{"timeout -1s is negative"}},
		{"empty_key", Message{Summary: "s", Actions: []Action{{"", "Start"}}}, []string{`action 0 ("Start"): empty key`}},
		{"reserved_key", Message{Summary: "s", Actions: []Action{{"default", "Go"}}}, []string{`key "default" is reserved`}},
		{"duplicate_key", Message{Summary: "s", Actions: []Action{{"a", "A"}, {"a", "B"}}}, []string{`action 1: duplicate key "a"`}},
		{"empty_label", Message{Summary: "s", Actions: []Action{{"a", ""}}}, []string{`action 0 ("a"): empty label`}},
		{"reserved_default", Message{Summary: "s", DefaultAction: "default"}, []string{`default action key "default" is reserved`}},
		{"all_at_once", Message{Summary: "", Timeout: -1, Actions: []Action{{"", ""}}}, []string{"empty summary", "negative", "empty key", "empty label"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.m.validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("validate() = nil, want an error containing %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestExpireTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    Message
		want int32
	}{
		{"persistent_never_expires", Message{Persistent: true, Timeout: time.Minute}, 0},
		{"zero_is_server_default", Message{}, -1},
		{"milliseconds", Message{Timeout: 8 * time.Second}, 8000},
		{"sub_millisecond_still_expires", Message{Timeout: time.Microsecond}, 1},
		{"clamped", Message{Timeout: 1000 * time.Hour}, 1<<31 - 1},
	}
	for _, tt := range tests {
		if got := tt.m.expireTimeout(); got != tt.want {
			t.Errorf("%s: expireTimeout() = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestActionList(t *testing.T) {
	t.Parallel()
	acts := []Action{{"start", "Start"}, {"snooze", "Snooze 5 min"}}
	tests := []struct {
		name        string
		m           Message
		menuDefault bool
		want        []string
	}{
		{"none", Message{}, false, []string{}},
		{"buttons_only", Message{Actions: acts}, false, []string{"start", "Start", "snooze", "Snooze 5 min"}},
		{"default_is_a_button", Message{Actions: acts, DefaultAction: "start"}, false,
			[]string{"default", "Start", "start", "Start", "snooze", "Snooze 5 min"}},
		{"default_alone", Message{DefaultAction: "open"}, false, []string{"default", "Open"}},
		// dunst lists the default action in its menu beside the buttons: "Start" twice.
		{"menu_default_is_a_button", Message{Actions: acts, DefaultAction: "start"}, true,
			[]string{"start", "Start", "snooze", "Snooze 5 min"}},
		{"menu_default_alone", Message{Actions: acts, DefaultAction: "open"}, true,
			[]string{"default", "Open", "start", "Start", "snooze", "Snooze 5 min"}},
	}
	for _, tt := range tests {
		if got := tt.m.actionList(tt.menuDefault); !slices.Equal(got, tt.want) {
			t.Errorf("%s: actionList() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEscapeMarkup(t *testing.T) {
	t.Parallel()
	if got, want := escapeMarkup("Stretch <arms> & breathe"), "Stretch &lt;arms&gt; &amp; breathe"; got != want {
		t.Errorf("escapeMarkup = %q, want %q", got, want)
	}
}
