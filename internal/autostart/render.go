package autostart

import (
	"fmt"
	"strings"
	"unicode"
)

// Origin says who writes an artifact, which decides its header comment.
type Origin int

const (
	// ByInstall marks a file written by "deskbreak install" for one person. Such files carry
	// [Marker], and uninstall removes only files that carry it.
	ByInstall Origin = iota
	// ByPackage marks a file shipped by a distribution package.
	ByPackage
)

// Marker is the text every file written by "deskbreak install" contains; uninstall refuses to
// remove a file without it, since someone else wrote that file.
const Marker = `Written by "deskbreak install"`

const (
	installHeader = Marker + `; remove it with "deskbreak uninstall".`
	description   = "Reminds you to take short desk breaks inside your work hours"
)

// Targets a systemd user unit can be wanted by. GraphicalSessionTarget is right where the desktop
// starts graphical-session.target (GNOME, KDE Plasma, uwsm); elsewhere that target never
// starts, and DefaultTarget is used instead.
const (
	GraphicalSessionTarget = "graphical-session.target"
	DefaultTarget          = "default.target"
)

// check reports why p cannot be written into a start-up file, or nil. It accepts the absolute
// paths of every supported system whatever system runs it, so that all renderers are tested
// everywhere.
func (p Program) check() error {
	if !strings.HasPrefix(p.Exe, "/") && !strings.HasPrefix(p.Exe, `\\`) && !isWindowsAbs(p.Exe) {
		return fmt.Errorf("program path %q is not absolute", p.Exe)
	}
	for _, s := range append([]string{p.Exe}, p.Args...) {
		for _, r := range s {
			if unicode.IsControl(r) {
				return fmt.Errorf("program argument %q has a control character", s)
			}
		}
	}
	return nil
}

// isWindowsAbs reports whether p looks like C:\... or C:/..., whatever the OS running.
func isWindowsAbs(p string) bool {
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') &&
		(('a' <= p[0] && p[0] <= 'z') || ('A' <= p[0] && p[0] <= 'Z'))
}

// SystemdUnit renders the systemd user unit that runs p in the graphical session, wanted by
// wantedBy ([GraphicalSessionTarget] or [DefaultTarget]). It restarts the program only when it fails, so
// a clean exit (SIGTERM from "systemctl --user stop", or quitting from the tray) stays stopped,
// and gives up after five failures in five minutes (say, while a "deskbreak run" started by
// hand holds the lock).
func SystemdUnit(p Program, wantedBy string, o Origin) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("systemd unit: %w", err)
	}
	if wantedBy != GraphicalSessionTarget && wantedBy != DefaultTarget {
		return "", fmt.Errorf("systemd unit: target %q is neither %s nor %s", wantedBy, GraphicalSessionTarget, DefaultTarget)
	}
	var b strings.Builder
	switch o {
	case ByInstall:
		b.WriteString("# " + installHeader + "\n")
	case ByPackage:
		b.WriteString("# deskbreak for one person's desktop session. Turn it on for yourself with\n" +
			"#   systemctl --user enable --now deskbreak.service\n" +
			"# or with \"deskbreak install\", which also works without systemd.\n")
	}
	if strings.ContainsAny(p.Exe, `"'\`) {
		return "", fmt.Errorf("systemd unit: systemd does not accept quotes or backslashes in the path of a program, as in %q; move the binary or use --method xdg", p.Exe)
	}
	exe := strings.ReplaceAll(p.Exe, "%", "%%")
	if strings.ContainsAny(exe, " \t;") {
		exe = `"` + exe + `"`
	}
	args := []string{exe}
	for _, a := range p.Args {
		args = append(args, systemdQuote(a))
	}
	fmt.Fprintf(&b, `[Unit]
Description=deskbreak: %s
Documentation=man:deskbreak(1)
PartOf=%[2]s
After=%[2]s
StartLimitIntervalSec=300
StartLimitBurst=5

[Service]
ExecStart=%[3]s
Restart=on-failure
RestartSec=10

[Install]
WantedBy=%[4]s
`, strings.ToLower(description[:1])+description[1:], GraphicalSessionTarget, strings.Join(args, " "), wantedBy)
	return b.String(), nil
}

// systemdQuote quotes one argument of a systemd command line (systemd.service(5), "Command
// lines"): specifiers (%) and variables ($) are doubled, and a word with blanks, quotes or
// backslashes goes in double quotes with C-style escapes. (The program path itself gets no
// variable expansion, and systemd refuses quotes and backslashes in it: see SystemdUnit.)
func systemdQuote(s string) string {
	s = strings.ReplaceAll(s, "%", "%%")
	s = strings.ReplaceAll(s, "$", "$$")
	if s != "" && !strings.ContainsAny(s, " \t\"'\\;") {
		return s
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}

// AutostartEntry renders the XDG autostart entry ($XDG_CONFIG_HOME/autostart/deskbreak.desktop)
// that starts p at login on desktops without a systemd user manager. TryExec makes the desktop
// skip it quietly once the binary is gone.
func AutostartEntry(p Program) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("autostart entry: %w", err)
	}
	return "# " + installHeader + `
[Desktop Entry]
Type=Application
Version=1.0
Name=deskbreak
GenericName=Break reminder
Comment=` + description + `
Exec=` + desktopExec(p) + `
TryExec=` + desktopString(p.Exe) + `
Icon=deskbreak
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
`, nil
}

// LauncherEntry renders the application-menu entry a package installs in
// /usr/share/applications: choosing it starts the daemon p.
func LauncherEntry(p Program) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("launcher entry: %w", err)
	}
	return `[Desktop Entry]
Type=Application
Version=1.0
Name=deskbreak
GenericName=Break reminder
Comment=` + description + `
Exec=` + desktopExec(p) + `
Icon=deskbreak
Terminal=false
Categories=Utility;
Keywords=break;pause;posture;stretch;exercise;reminder;
StartupNotify=false
`, nil
}

// desktopExec renders p as the value of an Exec key (Desktop Entry Specification, "The Exec
// key"): arguments with reserved characters are double-quoted with `"`, "`", "$" and "\"
// backslash-escaped, "%" is doubled, and then the whole value gets the string escapes.
func desktopExec(p Program) string {
	words := make([]string, 0, 1+len(p.Args))
	for _, a := range append([]string{p.Exe}, p.Args...) {
		a = strings.ReplaceAll(a, "%", "%%")
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
			r := strings.NewReplacer(`"`, `\"`, "`", "\\`", `$`, `\$`, `\`, `\\`)
			a = `"` + r.Replace(a) + `"`
		}
		words = append(words, a)
	}
	return desktopString(strings.Join(words, " "))
}

// desktopString escapes a value of type string in a desktop entry.
func desktopString(s string) string {
	return strings.ReplaceAll(s, `\`, `\\`)
}

// LaunchAgentPlist renders the LaunchAgent that starts p at login on macOS: loaded in the Aqua
// (GUI) session only, started at load, and started again only after a crash (KeepAlive with
// SuccessfulExit false), so quitting stays quit. Output goes to logPath.
func LaunchAgentPlist(p Program, logPath string) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("launch agent: %w", err)
	}
	var args strings.Builder
	for _, a := range append([]string{p.Exe}, p.Args...) {
		fmt.Fprintf(&args, "\t\t<string>%s</string>\n", xmlEscape(a))
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- ` + installHeader + ` -->
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + LaunchAgentLabel + `</string>
	<key>ProgramArguments</key>
	<array>
` + args.String() + `	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>KeepAlive</key>
	<dict>
		<key>SuccessfulExit</key>
		<false/>
	</dict>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
	<key>StandardOutPath</key>
	<string>` + xmlEscape(logPath) + `</string>
	<key>StandardErrorPath</key>
	<string>` + xmlEscape(logPath) + `</string>
</dict>
</plist>
`, nil
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// RunValue renders the data of the HKCU\Software\Microsoft\Windows\CurrentVersion\Run value
// that starts p at login on Windows: a command line quoted the way CommandLineToArgvW and the
// Go runtime split it.
func RunValue(p Program) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("run value: %w", err)
	}
	if strings.Contains(p.Exe, `"`) {
		return "", fmt.Errorf("run value: program path %q has a double quote", p.Exe)
	}
	words := []string{`"` + p.Exe + `"`}
	for _, a := range p.Args {
		words = append(words, windowsQuote(a))
	}
	return strings.Join(words, " "), nil
}

// windowsQuote quotes one argument like syscall.EscapeArg on Windows, which this package
// cannot call on other systems.
func windowsQuote(s string) string {
	if s == "" {
		return `""`
	}
	if !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}
