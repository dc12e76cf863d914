package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/tips"
)

func init() {
	register(&command{name: "completion", args: "bash|zsh|fish",
		summary: "print a shell completion script", run: runCompletion})
}

// runCompletion is "deskbreak completion SHELL".
func runCompletion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "completion")
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: deskbreak completion bash|zsh|fish\n\n%s\n\n%s", commands["completion"].summary,
			"bash: add to ~/.bashrc:                 source <(deskbreak completion bash)\n"+
				"zsh:  add to ~/.zshrc (after compinit):  source <(deskbreak completion zsh)\n"+
				"fish: deskbreak completion fish > ~/.config/fish/completions/deskbreak.fish\n")
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("completion takes one shell: bash, zsh or fish")
	}
	cmds := complCommands()
	switch pos[0] {
	case "bash":
		complBash(e.stdout, cmds)
	case "zsh":
		complZsh(e.stdout, cmds)
	case "fish":
		complFish(e.stdout, cmds)
	default:
		return usagef("unknown shell %q: want bash, zsh or fish", pos[0])
	}
	return nil
}

// complCommand is what completion knows of a command, read from its usage line and its flags.
type complCommand struct {
	name, summary string
	flags         []string // "--json"
	words         []string // literal arguments: "until-tomorrow", "bash"
	// subs are the subcommands that take flags and words of their own ("tips show"); words
	// then names them.
	subs []complCommand
}

var (
	complFlagRe    = regexp.MustCompile(`--[a-z][a-z0-9-]*`)
	complWordRe    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	complDefaultRe = regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
)

// complOf reads one command: flags are the --words of its usage line and every flag its
// FlagSet defines (read from its -h output), literal arguments the lowercase words of the
// usage line (upper case ones such as DURATION are placeholders).
func complOf(c *command, run func(args []string) string) complCommand {
	flags := complFlagRe.FindAllString(c.args, -1)
	for _, m := range complDefaultRe.FindAllStringSubmatch(run([]string{"-h"}), -1) {
		flags = append(flags, "--"+m[1])
	}
	var words []string
	for _, w := range strings.FieldsFunc(c.args, func(r rune) bool { return strings.ContainsRune(" []|()<>,", r) }) {
		if complWordRe.MatchString(w) {
			words = append(words, w)
		}
	}
	return complCommand{name: c.name, summary: c.summary, flags: complUnique(flags), words: complUnique(words)}
}

// complHelp runs a command line with -h into a buffer and returns what it printed.
func complHelp(args []string) string {
	var b strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &b, stderr: io.Discard, getenv: func(string) string { return "" }, now: time.Now}
	if c, ok := commands[args[0]]; ok {
		_ = c.run(context.Background(), e, args[1:])
	}
	return b.String()
}

// complCommands reads the registered commands; "help" completes command names, "tips" its
// subcommands, "tips show" the exercise ids and "tips prompts" the topics.
func complCommands() []complCommand {
	var out []complCommand
	for _, c := range commands {
		if c.hidden {
			continue
		}
		cc := complOf(c, func(args []string) string { return complHelp(append([]string{c.name}, args...)) })
		if c.name == "tips" {
			cc.words = tipsNames()
			cat, _ := tips.Default()
			for _, name := range tipsNames() {
				sub := complOf(tipsCommands[name], func(args []string) string { return complHelp(append([]string{"tips", name}, args...)) })
				sub.words = nil
				switch {
				case name == "show" && cat != nil:
					for _, x := range cat.Exercises() {
						sub.words = append(sub.words, x.ID)
					}
				case name == "prompts" && cat != nil:
					sub.words = cat.Topics()
				}
				cc.subs = append(cc.subs, sub)
			}
		}
		out = append(out, cc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	for i := range out {
		if out[i].name == "help" {
			for _, c := range out {
				out[i].words = append(out[i].words, c.name)
			}
		}
	}
	return out
}

func complUnique(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func complNames(cmds []complCommand) string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	return strings.Join(names, " ")
}

func complBash(w io.Writer, cmds []complCommand) {
	fmt.Fprintf(w, `# bash completion for deskbreak; load it with: source <(deskbreak completion bash)
_deskbreak() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W %q -- "$cur"))
        return
    fi
    case ${COMP_WORDS[1]} in
`, complNames(cmds))
	for _, c := range cmds {
		all := strings.TrimSpace(strings.Join(c.words, " ") + " " + strings.Join(c.flags, " "))
		if len(c.subs) > 0 {
			fmt.Fprintf(w, "        %s)\n            if [[ $COMP_CWORD -eq 2 ]]; then\n", c.name)
			fmt.Fprintf(w, "                COMPREPLY=($(compgen -W %q -- \"$cur\"))\n                return\n            fi\n", all)
			fmt.Fprint(w, "            case ${COMP_WORDS[2]} in\n")
			for _, s := range c.subs {
				fmt.Fprintf(w, "                %s) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", s.name,
					strings.TrimSpace(strings.Join(s.words, " ")+" "+strings.Join(s.flags, " ")))
			}
			fmt.Fprint(w, "            esac ;;\n")
			continue
		}
		if all == "" {
			continue
		}
		fmt.Fprintf(w, "        %s) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", c.name, all)
	}
	fmt.Fprint(w, `    esac
}
complete -F _deskbreak deskbreak
`)
}

// complZshQuote quotes s for zsh inside single quotes, escaping colons for _describe.
func complZshQuote(s string, colons bool) string {
	s = strings.ReplaceAll(s, "'", `'\''`)
	if colons {
		s = strings.ReplaceAll(s, ":", `\:`)
	}
	return "'" + s + "'"
}

func complZsh(w io.Writer, cmds []complCommand) {
	fmt.Fprint(w, `#compdef deskbreak
# zsh completion for deskbreak; load it with: source <(deskbreak completion zsh)
# or save it as _deskbreak in a directory of $fpath.
_deskbreak() {
    local -a cmds
    cmds=(
`)
	for _, c := range cmds {
		fmt.Fprintf(w, "        %s\n", complZshQuote(c.name+":"+c.summary, false))
	}
	fmt.Fprint(w, `    )
    if (( CURRENT == 2 )); then
        _describe -t commands 'deskbreak command' cmds
        return
    fi
    case $words[2] in
`)
	quote := func(ss ...[]string) string {
		var q []string
		for _, s := range ss {
			for _, a := range s {
				q = append(q, complZshQuote(a, false))
			}
		}
		return strings.Join(q, " ")
	}
	for _, c := range cmds {
		if len(c.subs) > 0 {
			fmt.Fprintf(w, "        %s)\n            if (( CURRENT == 3 )); then\n                compadd -- %s\n                return\n            fi\n",
				c.name, quote(c.words, c.flags))
			fmt.Fprint(w, "            case $words[3] in\n")
			for _, s := range c.subs {
				if len(s.words)+len(s.flags) > 0 {
					fmt.Fprintf(w, "                %s) compadd -- %s ;;\n", s.name, quote(s.words, s.flags))
				}
			}
			fmt.Fprint(w, "            esac ;;\n")
			continue
		}
		if len(c.words)+len(c.flags) == 0 {
			continue
		}
		fmt.Fprintf(w, "        %s) compadd -- %s ;;\n", c.name, quote(c.words, c.flags))
	}
	fmt.Fprint(w, `    esac
}
if [ "$funcstack[1]" = "_deskbreak" ]; then
    _deskbreak "$@"
else
    compdef _deskbreak deskbreak
fi
`)
}

// complFishQuote quotes s for fish inside single quotes.
func complFishQuote(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

func complFish(w io.Writer, cmds []complCommand) {
	fmt.Fprint(w, "# fish completion for deskbreak; save it as ~/.config/fish/completions/deskbreak.fish\n")
	fmt.Fprint(w, "complete -c deskbreak -f\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "complete -c deskbreak -n __fish_use_subcommand -a %s -d %s\n", c.name, complFishQuote(c.summary))
	}
	emit := func(cond string, c complCommand) {
		q := complFishQuote(cond)
		if len(c.words) > 0 {
			fmt.Fprintf(w, "complete -c deskbreak -n %s -a %s\n", q, complFishQuote(strings.Join(c.words, " ")))
		}
		for _, f := range c.flags {
			fmt.Fprintf(w, "complete -c deskbreak -n %s -l %s\n", q, strings.TrimPrefix(f, "--"))
		}
	}
	for _, c := range cmds {
		cond := "__fish_seen_subcommand_from " + c.name
		if len(c.subs) == 0 {
			emit(cond, c)
			continue
		}
		subs := strings.Join(c.words, " ")
		emit(cond+"; and not __fish_seen_subcommand_from "+subs, complCommand{words: c.words, flags: c.flags})
		for _, s := range c.subs {
			emit(cond+"; and __fish_seen_subcommand_from "+s.name, s)
		}
	}
}
