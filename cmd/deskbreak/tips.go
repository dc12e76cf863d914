package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// tipsCommands are the subcommands of "deskbreak tips". Other files may add to them from
// init with registerTips (the daemon-backed "tips next" lives elsewhere).
var tipsCommands = map[string]*command{}

// registerTips adds a "deskbreak tips NAME" subcommand; call it from init. The command's
// name is the word after "tips".
func registerTips(c *command) {
	if _, dup := tipsCommands[c.name]; dup {
		panic("deskbreak: tips command registered twice: " + c.name)
	}
	tipsCommands[c.name] = c
}

func init() {
	register(&command{name: "tips", args: "list|show|next|prompts|art ...",
		summary: "browse the exercises and prompts deskbreak picks from", run: runTips})
	registerTips(&command{name: "list", args: "[--category C] [--json]",
		summary: "list the exercises, optionally of one category", run: runTipsList})
	registerTips(&command{name: "show", args: "ID [--json]",
		summary: "show one exercise: its steps, caution and source", run: runTipsShow})
	registerTips(&command{name: "prompts", args: "[TOPIC] [--json]",
		summary: "list the one-line posture, breathing, eye and water prompts", run: runTipsPrompts})
}

func runTips(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := e.stderr
		if len(args) > 0 {
			w = e.stdout
		}
		printTipsUsage(w)
		if len(args) == 0 {
			return usagef("missing a tips command")
		}
		return nil
	}
	c, ok := tipsCommands[args[0]]
	if !ok {
		return usagef("unknown tips command %q (known: %s)", args[0], strings.Join(tipsNames(), ", "))
	}
	return c.run(ctx, e, args[1:])
}

func tipsNames() []string {
	names := make([]string, 0, len(tipsCommands))
	for n := range tipsCommands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func printTipsUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: deskbreak tips COMMAND [ARGS]\n\nCommands:")
	for _, n := range tipsNames() {
		c := tipsCommands[n]
		fmt.Fprintf(w, "  %-28s %s\n", n+" "+c.args, c.summary)
	}
}

// newTipsFlags makes a FlagSet for "deskbreak tips NAME" that prints its usage on -h.
func newTipsFlags(e *env, name string) *flag.FlagSet {
	return flagsFor(e, "tips "+name, tipsCommands[name])
}

// tipsUsagef is a usage error of a tips subcommand; it names the subcommand's own usage.
func tipsUsagef(name, format string, a ...any) error {
	c := tipsCommands[name]
	return usagef("tips %s: %s (usage: deskbreak tips %s %s)", name, fmt.Sprintf(format, a...), name, c.args)
}

func loadCatalog() (*tips.Catalog, error) {
	c, err := tips.Default()
	if err != nil {
		return nil, fmt.Errorf("load tips catalog: %w", err)
	}
	return c, nil
}

// tipsExerciseJSON is an exercise in the JSON of tips list and tips show. source keeps its
// value (a seed file name, or "general guidance"); source_file and source_title say which it
// is, and what people read.
type tipsExerciseJSON struct {
	tips.Exercise
	SourceFile  *string `json:"source_file"`
	SourceTitle string  `json:"source_title"`
}

// tipsPromptJSON is a prompt in the JSON of tips prompts, with the same source fields.
type tipsPromptJSON struct {
	tips.Prompt
	SourceFile  *string `json:"source_file"`
	SourceTitle string  `json:"source_title"`
}

// sourceFile is the seed file a Source names, or nil for general guidance.
func sourceFile(source string) *string {
	if source == tips.GeneralSource {
		return nil
	}
	return &source
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runTipsList(ctx context.Context, e *env, args []string) error {
	fs := newTipsFlags(e, "list")
	category := fs.String("category", "", "show only exercises in category `C`")
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return tipsUsagef("list", "unexpected argument %q", pos[0])
	}
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	all := c.Exercises()
	if *category != "" {
		if !c.HasCategory(*category) {
			return withHint(fmt.Errorf("tips list: unknown category %q (known: %s)", *category, strings.Join(c.Categories(), ", ")),
				"deskbreak tips list")
		}
		all = slices.DeleteFunc(all, func(x tips.Exercise) bool { return !slices.Contains(x.Categories, *category) })
	}
	if *asJSON {
		out := make([]tipsExerciseJSON, 0, len(all))
		for _, x := range all {
			out = append(out, tipsExerciseJSON{x, sourceFile(x.Source), tips.SourceTitle(x.Source)})
		}
		return writeJSON(e.stdout, out)
	}
	var desk, other []tips.Exercise
	for _, x := range all {
		if x.DeskFriendly {
			desk = append(desk, x)
		} else {
			other = append(other, x)
		}
	}
	w := e.stdout
	// Group desk exercises by their primary category, in the catalog's order of categories.
	byGroup := map[string][]tips.Exercise{}
	for _, x := range desk {
		byGroup[x.Primary()] = append(byGroup[x.Primary()], x)
	}
	var groups []string
	for _, k := range tips.KnownCategories() {
		if len(byGroup[k.Name]) > 0 {
			groups = append(groups, k.Name)
		}
	}
	for i, g := range groups {
		if i > 0 {
			fmt.Fprintln(w)
		}
		info, _ := c.CategoryInfo(g)
		fmt.Fprintf(w, "%s: %s\n", g, info.Summary)
		for _, x := range byGroup[g] {
			printListLine(w, x)
		}
	}
	if len(other) > 0 {
		if len(groups) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, "not at the desk (shown for reference, never picked)")
		for _, x := range other {
			printListLine(w, x)
		}
	}
	fmt.Fprintf(w, "\n%d exercises. Details: deskbreak tips show ID\n", len(all))
	return nil
}

// printListLine prints one exercise in at most 80 columns: the catalog keeps ids within
// tips.MaxIDChars and titles within tips.MaxTitleChars, and the place column within 14.
func printListLine(w io.Writer, x tips.Exercise) {
	fmt.Fprintf(w, "  %-*s %4s  %-14s %s\n", tips.MaxIDChars, x.ID, shortSeconds(x.Seconds), whereText(x), x.Title)
}

// whereText says in a few characters where an exercise is done: "sit", "stand, wall",
// "stand, away" (it takes the person out of the room).
func whereText(x tips.Exercise) string {
	where := x.Position
	switch x.Position {
	case "seated":
		where = "sit"
	case "standing":
		where = "stand"
	}
	switch {
	case x.LeavesRoom:
		where += ", away"
	case x.Equipment != "none" && x.Equipment != x.Position:
		where += ", " + x.Equipment
	}
	return where
}

// shortSeconds formats 45 as "45s", 90 as "90s", 120 as "2m", 150 as "2m30".
func shortSeconds(s int) string {
	switch {
	case s < 120:
		return fmt.Sprintf("%ds", s)
	case s%60 == 0:
		return fmt.Sprintf("%dm", s/60)
	}
	return fmt.Sprintf("%dm%02d", s/60, s%60)
}

func runTipsShow(ctx context.Context, e *env, args []string) error {
	fs := newTipsFlags(e, "show")
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return tipsUsagef("show", "want one exercise id, got %d arguments", len(pos))
	}
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	id := pos[0]
	x, ok := c.Exercise(id)
	if !ok {
		err := fmt.Errorf("tips show: unknown exercise %q", id)
		if s := suggest(id, c); s != "" {
			err = fmt.Errorf("tips show: unknown exercise %q; did you mean %q?", id, s)
		}
		return withHint(err, "deskbreak tips list")
	}
	if *asJSON {
		return writeJSON(e.stdout, tipsExerciseJSON{x, sourceFile(x.Source), tips.SourceTitle(x.Source)})
	}
	w := e.stdout
	fmt.Fprintf(w, "%s (%s)\n", x.Title, x.ID)
	fmt.Fprintf(w, "%s · %s · %s · %s\n", shortSeconds(x.Seconds), repsText(x), x.Position, equipmentText(x))
	fmt.Fprintf(w, "Categories: %s\n\n", strings.Join(x.Categories, ", "))
	for i, s := range x.Steps {
		wrapTo(w, fmt.Sprintf("  %d. ", i+1), s, 80)
	}
	fmt.Fprintln(w)
	if x.Caution != "" {
		wrapTo(w, "Caution: ", x.Caution, 80)
	}
	switch {
	case !x.DeskFriendly:
		fmt.Fprintln(w, "Not for the desk: deskbreak never picks it for a break.")
	case !x.AtDesk():
		wrapTo(w, "", fmt.Sprintf("Not done at the desk: only a break rule whose categories include %s picks it.",
			orList(x.Categories)), 80)
	}
	wrapTo(w, "Source: ", tips.SourceTitle(x.Source), 80)
	return nil
}

func repsText(x tips.Exercise) string {
	each := ""
	if x.Sides == 2 {
		each = " each side"
	}
	switch {
	case x.Reps == 1 && x.HoldSeconds == 0 && x.Sides == 2:
		return "once each side"
	case x.Reps == 1 && x.HoldSeconds == 0:
		return "once through"
	case x.Reps == 1:
		return fmt.Sprintf("hold %ds%s", x.HoldSeconds, each)
	case x.HoldSeconds == 0:
		return fmt.Sprintf("%d reps%s", x.Reps, each)
	}
	return fmt.Sprintf("%d reps%s, hold %ds", x.Reps, each, x.HoldSeconds)
}

func equipmentText(x tips.Exercise) string {
	if x.LeavesRoom {
		return "leaves the room"
	}
	switch x.Equipment {
	case "none":
		return "no equipment"
	case "desk":
		return "steady on the desk"
	case "wall", "doorway", "chair", "band":
		return "needs a " + x.Equipment
	case "floor":
		return "needs floor space"
	}
	return "needs " + x.Equipment
}

// orList writes names as `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// wrapTo prints prefix and text, wrapped at width columns, continuation lines indented
// as far as the prefix.
func wrapTo(w io.Writer, prefix, text string, width int) {
	line := prefix
	indent := strings.Repeat(" ", len(prefix))
	for i, word := range strings.Fields(text) {
		if i > 0 && len(line)+1+len(word) > width {
			fmt.Fprintln(w, line)
			line = indent + word
			continue
		}
		if i > 0 {
			line += " "
		}
		line += word
	}
	fmt.Fprintln(w, line)
}

// suggest returns the exercise id closest to id, if one is close.
func suggest(id string, c *tips.Catalog) string {
	ids := make([]string, 0, len(c.Exercises()))
	for _, x := range c.Exercises() {
		ids = append(ids, x.ID)
	}
	return config.Suggest(id, ids)
}

func runTipsPrompts(ctx context.Context, e *env, args []string) error {
	fs := newTipsFlags(e, "prompts")
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return tipsUsagef("prompts", "want at most one topic, got %d arguments", len(pos))
	}
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	topics := c.Topics()
	if len(pos) == 1 {
		if !c.HasTopic(pos[0]) {
			return withHint(fmt.Errorf("tips prompts: unknown topic %q (known: %s)", pos[0], strings.Join(topics, ", ")),
				"deskbreak tips prompts")
		}
		topics = pos
	}
	var all []tips.Prompt
	for _, t := range topics {
		all = append(all, c.Prompts(t)...)
	}
	if *asJSON {
		out := make([]tipsPromptJSON, 0, len(all))
		for _, x := range all {
			out = append(out, tipsPromptJSON{x, sourceFile(x.Source), tips.SourceTitle(x.Source)})
		}
		return writeJSON(e.stdout, out)
	}
	for i, t := range topics {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintln(e.stdout, t)
		for _, p := range c.Prompts(t) {
			fmt.Fprintf(e.stdout, "  %s\n", p.Text)
		}
	}
	return nil
}
