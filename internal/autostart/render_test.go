package autostart

import (
	"strings"
	"testing"
	"unicode"
)

// odd is a path with every character the quoting rules care about.
var odd = Program{
	Exe:  `/home/ann/my tools/50% "desk" $HOME\break/deskbreak`,
	Args: []string{"run", "", `it's a "test"`, `back\slash`, "semi;colon", "`tick`"},
}

// oddSystemd is a path with every character systemd accepts in a program path and has rules for.
var oddSystemd = Program{Exe: `/home/ann/my tools/50% $HOME;x/deskbreak`, Args: odd.Args}

func TestRender(t *testing.T) {
	t.Parallel()
	usr := Daemon("/usr/bin/deskbreak")
	win := Program{Exe: `C:\Program Files\deskbreak\deskbreak.exe`, Args: []string{"run", "", "a b", `x"y`, `tail\`, `c:\dir with space\`}}
	tests := []struct {
		name   string
		render func() (string, error)
	}{
		{"systemd_graphical", func() (string, error) { return SystemdUnit(usr, GraphicalSessionTarget, ByInstall) }},
		{"systemd_default", func() (string, error) { return SystemdUnit(usr, DefaultTarget, ByInstall) }},
		{"systemd_package", func() (string, error) { return SystemdUnit(usr, GraphicalSessionTarget, ByPackage) }},
		{"systemd_quoted", func() (string, error) { return SystemdUnit(oddSystemd, DefaultTarget, ByInstall) }},
		{"autostart", func() (string, error) { return AutostartEntry(usr) }},
		{"autostart_quoted", func() (string, error) { return AutostartEntry(odd) }},
		{"launcher", func() (string, error) { return LauncherEntry(usr) }},
		{"launchagent", func() (string, error) {
			return LaunchAgentPlist(Daemon("/Users/ann/go/bin/deskbreak"), "/Users/ann/Library/Logs/deskbreak.log")
		}},
		{"launchagent_escaped", func() (string, error) {
			return LaunchAgentPlist(Program{Exe: "/Users/a&b/<x>/deskbreak", Args: []string{"run", `"q'`}}, "/Users/a&b/Library/Logs/deskbreak.log")
		}},
		{"runvalue", func() (string, error) { return RunValue(Daemon(`C:\Users\Ann\go\bin\deskbreak.exe`)) }},
		{"runvalue_quoted", func() (string, error) { return RunValue(win) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, got)
		})
	}
}

func TestRenderRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		render func() (string, error)
		want   string
	}{
		{"relative path", func() (string, error) { return SystemdUnit(Daemon("deskbreak"), DefaultTarget, ByInstall) }, `program path "deskbreak" is not absolute`},
		{"newline", func() (string, error) { return AutostartEntry(Program{Exe: "/a\nb"}) }, "control character"},
		{"bad target", func() (string, error) { return SystemdUnit(Daemon("/a"), "multi-user.target", ByInstall) }, `target "multi-user.target"`},
		{"quote in windows path", func() (string, error) { return RunValue(Daemon(`C:\a"b\deskbreak.exe`)) }, "double quote"},
		{"quote in systemd path", func() (string, error) { return SystemdUnit(Daemon(`/a"b/deskbreak`), DefaultTarget, ByInstall) }, "--method xdg"},
		{"backslash in systemd path", func() (string, error) { return SystemdUnit(Daemon(`/a\b/deskbreak`), DefaultTarget, ByInstall) }, "--method xdg"},
		{"relative launcher", func() (string, error) { return LauncherEntry(Daemon("./deskbreak")) }, "not absolute"},
		{"relative plist", func() (string, error) { return LaunchAgentPlist(Daemon("deskbreak"), "/l") }, "not absolute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.render()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %q, %v; want an error containing %q", got, err, tt.want)
			}
		})
	}
}

// TestQuotingRoundTrip splits each rendered command line back the way its reader does, and
// expects the original arguments.
func TestQuotingRoundTrip(t *testing.T) {
	t.Parallel()
	win := Program{Exe: `C:\Program Files\x\deskbreak.exe`, Args: odd.Args}
	tests := []struct {
		name  string
		p     Program
		quote func(Program) string
		split func(string) []string
	}{
		{"systemd", oddSystemd, func(p Program) string {
			u, _ := SystemdUnit(p, DefaultTarget, ByInstall)
			_, line, _ := strings.Cut(u, "\nExecStart=")
			line, _, _ = strings.Cut(line, "\n")
			return line
		}, splitSystemd},
		{"desktop", odd, desktopExec, splitDesktop},
		{"windows", win, func(p Program) string { s, _ := RunValue(p); return s }, splitWindows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			line := tt.quote(tt.p)
			got := tt.split(line)
			want := append([]string{tt.p.Exe}, tt.p.Args...)
			if !equal(got, want) {
				t.Errorf("%s\nsplits into %q\nwant         %q", line, got, want)
			}
		})
	}
}

// splitSystemd undoes systemd's command-line rules, as far as SystemdUnit uses them: the
// program path gets no variable expansion.
func splitSystemd(s string) []string {
	w := splitQuoted(strings.ReplaceAll(s, "%%", "%"))
	for i := 1; i < len(w); i++ {
		w[i] = strings.ReplaceAll(w[i], "$$", "$")
	}
	return w
}

// splitQuoted splits s at spaces outside double quotes, where backslash escapes a character.
func splitQuoted(s string) []string {
	var out []string
	var cur strings.Builder
	inWord, inQuote := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote && c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '"':
			inQuote, inWord = !inQuote, true
		case !inQuote && c == ' ':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

// splitDesktop undoes the Desktop Entry Specification's string escapes, then its Exec quoting.
func splitDesktop(s string) []string {
	s = strings.ReplaceAll(s, `\\`, `\`)
	s = strings.ReplaceAll(s, "%%", "%")
	return splitQuoted(s)
}

// splitWindows follows the rules of CommandLineToArgvW (2008 and later).
func splitWindows(s string) []string {
	var out []string
	var cur strings.Builder
	inWord, inQuote := false, false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			n := 0
			for i < len(s) && s[i] == '\\' {
				n++
				i++
			}
			if i < len(s) && s[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
					i++
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
			}
			inWord = true
			continue
		case c == '"':
			inQuote, inWord = !inQuote, true
		case !inQuote && unicode.IsSpace(rune(c)):
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteByte(c)
			inWord = true
		}
		i++
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

func TestCheckExecutable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		ok   bool
	}{
		{"/home/ann/go/bin/deskbreak", true},
		{"/usr/bin/deskbreak", true},
		{"/home/ann/src/go-builder/deskbreak", true},
		{"/tmp/go-build1234567/b001/exe/deskbreak", false},
		{"/home/ann/.cache/tmp/go-build99/b001/exe/deskbreak", false},
		{`C:\Users\Ann\AppData\Local\Temp\go-build42\b001\exe\deskbreak.exe`, false},
		{"/root/.cache/go-build/cb/cb18c3ad99ebe17b0a3e77276614d26d4a80a98f84215e7b5393c4ca5e9de4d9-d/deskbreak", false},
		{"/srv/gocache/cb/cb18c3ad99ebe17b0a3e77276614d26d4a80a98f84215e7b5393c4ca5e9de4d9-d/deskbreak", false},
		{"/home/ann/bin/release-d/deskbreak", true},
	}
	for _, tt := range tests {
		err := CheckExecutable(tt.path)
		if (err == nil) != tt.ok {
			t.Errorf("CheckExecutable(%q) = %v, want ok=%v", tt.path, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "go install") {
			t.Errorf("CheckExecutable(%q) = %v, which does not say what to do", tt.path, err)
		}
	}
}

func TestShortcutGolden(t *testing.T) {
	t.Parallel()
	got := Shortcut(Program{Exe: `C:\Users\Zoë\deskbreak\deskbreakw.exe`, Args: []string{"run"}}, AppUserModelID)
	golden(t, "shortcut.lnk", string(got))
	if !shortcutOurs(got) || shortcutOurs([]byte("L\x00\x00\x00")) {
		t.Error("shortcutOurs does not tell deskbreak's shortcut from another")
	}
	// The header's size and class, and the AppUserModelID in UTF-16 inside.
	if len(got) < 76 || got[0] != 0x4C || got[4] != 0x01 || got[5] != 0x14 || got[6] != 0x02 {
		t.Errorf("header % x", got[:min(len(got), 20)])
	}
	if !strings.Contains(string(got), "d\x00e\x00s\x00k\x00b\x00r\x00e\x00a\x00k\x00.\x00d\x00") {
		t.Error("no AppUserModelID in the shortcut")
	}
}
