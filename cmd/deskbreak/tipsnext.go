package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
	"github.com/deskbreak/deskbreak/internal/tips"
)

func init() {
	registerTips(&command{name: "next", args: "[--config FILE] [--json]",
		summary: "show the exercises the next break will get", run: runTipsNext})
}

// tipsNext is the JSON of "deskbreak tips next".
type tipsNext struct {
	Rule      string        `json:"rule"`
	At        *time.Time    `json:"at,omitempty"`
	Duration  string        `json:"duration"`
	Exercises []tips.Picked `json:"exercises"`
}

// runTipsNext shows exactly what the daemon's next break will get, through the daemon's own
// function: the pick waiting for it, or what the daemon would pick from its saved memory;
// nothing is saved.
func runTipsNext(ctx context.Context, e *env, args []string) error {
	fs := newTipsFlags(e, "next")
	cfgFlag := fs.String("config", "", "config file (default: $DESKBREAK_CONFIG, else the user config dir)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("tips next takes no arguments")
	}
	cfg, cat, err := loadConfig(e, *cfgFlag)
	if err != nil {
		return err
	}
	path := cfg.Path
	dir, err := store.StateDir(e.getenv)
	if err != nil {
		return err
	}
	st, err := store.PeekState(dir)
	if err != nil {
		return err
	}
	rules := cfg.Rules()
	now := e.now().Round(0)
	out := tipsNext{}
	if up := rules.NextOf(&st.Scheduler, now, scheduler.KindBreak); up != nil {
		out.Rule, out.At = up.Rule, &up.At
	} else {
		for _, r := range rules.List {
			if r.Kind == scheduler.KindBreak {
				out.Rule = r.Name
				break
			}
		}
	}
	if out.Rule == "" {
		return withHint(fmt.Errorf("no break is configured in %s", path), "deskbreak config init")
	}
	rule, _ := rules.Rule(out.Rule)
	out.Duration = rule.Duration.String()
	at := now
	if out.At != nil {
		at = *out.At
	}
	ex, err := daemon.NextExercises(cat, st.Tips, out.Rule, daemon.BreakRequest(cfg, rule, at.In(rules.Zone)))
	if err != nil {
		return withHint(err, "loosen [tips] exclude or the rule's categories in "+path)
	}
	out.Exercises = ex
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	when := ""
	if out.At != nil {
		when = " at " + api.FormatTime(out.At.In(rules.Zone), now)
	}
	fmt.Fprintf(e.stdout, "Next %s break%s, %s:\n", out.Rule, when, api.FormatLength(rule.Duration))
	for _, x := range ex {
		fmt.Fprintf(e.stdout, "\n%s (%s)  [deskbreak tips show %s]\n", x.Title, api.FormatLength(x.Duration), x.ID)
		for i, s := range x.Steps {
			wrapTo(e.stdout, fmt.Sprintf("  %d. ", i+1), s, 80)
		}
		if x.Caution != "" {
			wrapTo(e.stdout, "  Caution: ", x.Caution, 80)
		}
	}
	return nil
}
