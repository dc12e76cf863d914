package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
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

// complCommand is what completion knows of a command, read from its usage line.
type complCommand struct {
	name, summary string
	flags         []string // "--json"
	words         []string // literal arguments: "until-tomorrow", "bash"
}

var (
	complFlagRe = regexp.MustCompile(`--[a-z][a-z0-9-]*`)
	complWordRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// complCommands reads the registered commands: flags are the --words of each usage line,
// literal arguments its lowercase words (upper case ones such as DURATION are
// placeholders); "help" completes command names.
func complCommands() []complCommand {
	var out []complCommand
	for _, c := range commands {
		if c.hidden {
			continue
		}
		cc := complCommand{name: c.name, summary: c.summary, flags: complUnique(complFlagRe.FindAllString(c.args, -1))}
		var words []string
		for _, w := range strings.FieldsFunc(c.args, func(r rune) bool { return strings.ContainsRune(" []|()<>,", r) }) {
			if complWordRe.MatchString(w) {
				words = append(words, w)
			}
		}
		cc.words = complUnique(words)
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
	for _, c := range cmds {
		all := append(append([]string(nil), c.words...), c.flags...)
		if len(all) == 0 {
			continue
		}
		var q []string
		for _, a := range all {
			q = append(q, complZshQuote(a, false))
		}
		fmt.Fprintf(w, "        %s) compadd -- %s ;;\n", c.name, strings.Join(q, " "))
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
	for _, c := range cmds {
		cond := complFishQuote("__fish_seen_subcommand_from " + c.name)
		if len(c.words) > 0 {
			fmt.Fprintf(w, "complete -c deskbreak -n %s -a %s\n", cond, complFishQuote(strings.Join(c.words, " ")))
		}
		for _, f := range c.flags {
			fmt.Fprintf(w, "complete -c deskbreak -n %s -l %s\n", cond, strings.TrimPrefix(f, "--"))
		}
	}
}
