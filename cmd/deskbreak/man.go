package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

func init() {
	register(&command{name: "man", hidden: true, summary: "print the manual page, in roff (for packages)",
		run: func(ctx context.Context, e *env, args []string) error {
			if err := svcNoArgs(e, "man", args); err != nil {
				return err
			}
			return writeMan(e.stdout)
		}})
}

// writeMan renders the manual page deskbreak(1) from the registered commands: each command's
// summary and the usage its -h prints, so the page says what the CLI says.
func writeMan(w io.Writer) error {
	var b strings.Builder
	var intro bytes.Buffer
	printCommands(&intro)
	tagline, _, _ := strings.Cut(intro.String(), "\n")

	fmt.Fprintf(&b, ".TH DESKBREAK 1 \"\" %s \"User Commands\"\n", roffQuote("deskbreak "+version))
	b.WriteString(".SH NAME\ndeskbreak \\- " + roffText(strings.TrimSuffix(strings.TrimPrefix(tagline, "deskbreak "), ".")) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B deskbreak\n.I COMMAND\n.RI [ ARGS ]\n")
	b.WriteString(".SH DESCRIPTION\n" + roffText(tagline) + "\n" +
		".PP\n" + roffText(`"deskbreak run" is the daemon; it runs in your desktop session, and every other command is a short-lived client of it. "deskbreak install" makes it start when you log in, for you only and without admin rights.`) + "\n")
	b.WriteString(".SH COMMANDS\n")

	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		b.WriteString(".TP\n.B deskbreak " + roffText(n))
		if c.args != "" {
			b.WriteString(" " + roffText(c.args))
		}
		b.WriteString("\n" + roffText(c.summary) + "\n")
		writeManUsage(&b, c, commandHelp(c))
	}

	b.WriteString(`.SH EXIT STATUS
0 on success, 1 when a command fails, 2 when the command line is wrong.
.SH FILES
.TP
.I ~/.config/systemd/user/deskbreak.service
the systemd user unit "deskbreak install" writes where a systemd user manager runs
.TP
.I ~/.config/autostart/deskbreak.desktop
the XDG autostart entry it writes elsewhere
.TP
.I /usr/lib/systemd/user/deskbreak.service
the unit a package installs; turn it on with "systemctl \-\-user enable \-\-now deskbreak.service"
.SH SEE ALSO
.BR systemctl (1),
.BR journalctl (1),
and README.md in /usr/share/doc/deskbreak.
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// commandHelp returns what "deskbreak help NAME" prints for c. The command runs with -h, a
// cancelled context and no environment, so it can do nothing but print its usage. Usage goes
// to standard error; a command that prints it to standard output instead counts only if it
// says "Usage:" ("version" ignores -h and prints the version).
func commandHelp(c *command) string {
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(string) string { return "" }, now: func() time.Time { return time.Time{} }}
	_ = c.run(ctx, e, []string{"-h"})
	if stderr.Len() == 0 && strings.Contains(stdout.String(), "Usage:") {
		return stdout.String()
	}
	return stderr.String()
}

// writeManUsage adds c's help, less the usage and summary lines the page already has: flags
// (as flag.PrintDefaults prints them: "  -name type" then "    \tusage" lines) as an indented
// list, and any other text (subcommands, notes) as it is.
func writeManUsage(b *strings.Builder, c *command, help string) {
	var flags [][2]string // name and type, usage
	var before, after []string
	inFlags := false
	for _, line := range strings.Split(help, "\n") {
		switch {
		case strings.HasPrefix(line, "Usage: deskbreak "+c.name), line == c.summary:
		case line == "Flags:":
			inFlags = true
		case inFlags && strings.HasPrefix(line, "  -"):
			head, usage, _ := strings.Cut(strings.TrimSpace(line), "\t") // "-x\tusage" for one-letter flags
			flags = append(flags, [2]string{head, usage})
		case inFlags && strings.HasPrefix(line, "    \t") && len(flags) > 0:
			last := &flags[len(flags)-1]
			last[1] = strings.TrimSpace(last[1] + " " + strings.TrimSpace(line))
		case inFlags:
			after = append(after, line)
		default:
			before = append(before, line)
		}
	}
	writeManVerbatim(b, before)
	if len(flags) > 0 {
		b.WriteString(".RS\n")
		for _, f := range flags {
			name, typ, _ := strings.Cut(f[0], " ")
			b.WriteString(".TP\n\\fB" + roffText(name) + "\\fR")
			if typ != "" {
				b.WriteString(" \\fI" + roffText(typ) + "\\fR")
			}
			b.WriteString("\n" + roffText(f[1]) + "\n")
		}
		b.WriteString(".RE\n")
	}
	writeManVerbatim(b, after)
}

// writeManVerbatim adds lines as an indented block that keeps their layout.
func writeManVerbatim(b *strings.Builder, lines []string) {
	body := strings.Trim(strings.Join(lines, "\n"), "\n")
	if body == "" {
		return
	}
	b.WriteString(".RS\n.nf\n")
	for _, l := range strings.Split(body, "\n") {
		b.WriteString(roffText(l) + "\n")
	}
	b.WriteString(".fi\n.RE\n")
}

// roffText escapes s for a line of roff text: backslashes, hyphens (which roff would turn
// into typographic hyphens), and a leading control character.
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffQuote makes s one macro argument.
func roffQuote(s string) string {
	return `"` + strings.ReplaceAll(roffText(s), `"`, `""`) + `"`
}
