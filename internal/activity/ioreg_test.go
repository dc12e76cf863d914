package activity

import (
	"strings"
	"testing"
	"time"
)

func TestParseHIDIdleTime(t *testing.T) {
	t.Parallel()
	// Cut down from `ioreg -c IOHIDSystem` on macOS 14.
	const sample = `+-o Root  <class IORegistryEntry, id 0x100000100, retain 28>
  +-o J316sAP  <class IOPlatformExpertDevice, id 0x100000218, registered, matched, active, busy 0 (27953 ms), retain 36>
    +-o IOResources  <class IOResources, id 0x100000104, registered, matched, active, busy 0 (2 ms), retain 279>
      +-o IOHIDSystem  <class IOHIDSystem, id 0x100000588, registered, matched, active, busy 0 (0 ms), retain 13>
        | {
        |   "HIDParameters" = {"HIDClickTime"=500000000,"HIDKeyRepeat"=83333333}
        |   "HIDIdleTime" = 4215083375
        |   "HIDScrollCountIgnoreMomentumScrolls" = Yes
        | }
        |   "HIDIdleTime" = 1
`
	for _, tc := range []struct {
		name, out string
		want      time.Duration
		wantErr   string
	}{
		{"sample", sample, 4215083375 * time.Nanosecond, ""},
		{"zero", `  |   "HIDIdleTime" = 0`, 0, ""},
		{"no_spaces", `"HIDIdleTime"=1500000000`, 1500 * time.Millisecond, ""},
		{"missing", "+-o IOHIDSystem\n", 0, "no HIDIdleTime"},
		{"empty", "", 0, "no HIDIdleTime"},
		{"no_value", `  |   "HIDIdleTime"`, 0, "has no value"},
		{"negative", `  |   "HIDIdleTime" = -5`, 0, `"-5"`},
		{"not_a_number", `  |   "HIDIdleTime" = <data>`, 0, `"<data>"`},
		{"too_large", `  |   "HIDIdleTime" = 99999999999999999999`, 0, "out of range"},
	} {
		got, err := parseHIDIdleTime([]byte(tc.out))
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: parseHIDIdleTime = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}
