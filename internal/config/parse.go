package config

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/pelletier/go-toml/v2/unstable"
)

// shortRule is the interval under which a rule earns a warning.
const shortRule = 5 * time.Minute

// weekdays are the [work_hours] keys, indexed by time.Weekday.
var weekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

var (
	topKeys    = []string{"timezone", "work_hours", "breaks", "prompts", "snooze", "tips", "idle", "dnd", "ui", "notify"}
	workKeys   = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun", "holidays"}
	breakKeys  = []string{"every", "at", "duration", "categories", "remind_after"}
	promptKeys = []string{"every", "at", "topic"}
	snoozeKeys = []string{"choices", "limit"}
	tipsKeys   = []string{"exclude", "exclude_categories"}
	idleKeys   = []string{"threshold"}
	dndKeys    = []string{"enabled", "max_hold", "fullscreen"}
	uiKeys     = []string{"browser", "break_window"}
	notifyKeys = []string{"sound", "prompt_sound"}
)

var (
	ruleName  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	dateShape = regexp.MustCompile(`^\s*\d{4}-\d{2}-\d{2}\s*$`)
)

// Parse parses and validates a config file's contents. name is used in messages (Load
// passes the path). All problems are returned at once, as Errors; warnings go to
// Config.Warnings. A nil cat skips the catalog checks; a prompt's default topic is then
// its name when that is "posture" or "breathing".
//
// Data over MaxFileSize is refused unread. Tables and keys that are missing take their
// defaults. A file with neither [breaks.*] nor
// [prompts.*] tables keeps the default rules; a file that has either defines all its rules.
func Parse(name string, data []byte, cat Catalog) (*Config, error) {
	if len(data) > MaxFileSize {
		return nil, tooBig(name)
	}
	// Some Windows editors start a UTF-8 file with a byte order mark, which TOML does not
	// allow; it is not on any line of its own, so dropping it keeps every line number.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	root, serr := parseTree(data)
	if serr != nil {
		return nil, Errors{{File: name, Line: serr.line, Msg: serr.msg}}
	}
	p := &parser{file: name, cat: cat}
	c := p.config(root)
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
		return nil, p.errs
	}
	return c, nil
}

type parser struct {
	file  string
	cat   Catalog
	errs  Errors
	warns []*Error
	every map[string]*value // each rule's every as written, by its path
}

func (p *parser) errf(v *value, field, msg string, args ...any) {
	p.errs = append(p.errs, p.problem(v, field, msg, args...))
}

func (p *parser) warnf(v *value, field, msg string, args ...any) {
	p.warns = append(p.warns, p.problem(v, field, msg, args...))
}

func (p *parser) problem(v *value, field, msg string, args ...any) *Error {
	return &Error{File: p.file, Line: v.line, Field: field, Value: v.display(), Msg: fmt.Sprintf(msg, args...)}
}

// keyProblem reports a problem about a key or table rather than its value.
func (p *parser) keyProblem(v *value, field, msg string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: v.line, Field: field, Msg: fmt.Sprintf(msg, args...)})
}

// join appends key k to the dotted path, quoting keys that are not bare TOML keys.
func join(path, k string) string {
	if k == "" || strings.ContainsFunc(k, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) {
		k = strconv.Quote(k)
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// table checks that v is a table and that it has no keys but allowed; it returns false
// when v is not a table.
func (p *parser) table(v *value, path string, allowed []string) bool {
	if v.kind != unstable.Table {
		p.errf(v, path, "expected a table, got %s", v.describe())
		return false
	}
	for _, k := range v.keys {
		if !slices.Contains(allowed, k) {
			p.keyProblem(v.fields[k], join(path, k), "unknown key%s", hint(path, k, allowed))
		}
	}
	return true
}

// hint explains an unknown key k in table path.
func hint(path, k string, allowed []string) string {
	if path != "" && slices.Contains(topKeys, k) {
		return fmt.Sprintf(" (%s belongs at the top of the file, before the first [table])", k)
	}
	if path == "" && slices.Contains(workKeys, k) {
		return fmt.Sprintf(" (%s belongs in [work_hours])", k)
	}
	if s := suggest(k, allowed); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Sprintf(" (known keys: %s)", strings.Join(allowed, ", "))
}

// suggest returns the allowed key that an unknown key k is most likely a typo of, or "".
func suggest(k string, allowed []string) string { return Suggest(k, allowed) }

// Suggest returns the candidate that word is most likely a mistake for, or "" when none is
// close: a candidate word starts with ("monday" for "mon"), else one that contains word
// ("tuck" for "chin-tuck"), else the nearest within two edits. For "did you mean" hints.
func Suggest(word string, candidates []string) string {
	word = strings.ToLower(word)
	for _, c := range candidates {
		if len(c) >= 3 && strings.HasPrefix(word, c) {
			return c
		}
	}
	best, bestD := "", 3
	for _, c := range candidates {
		d := distance(word, c)
		if len(word) >= 3 && strings.Contains(c, word) {
			d = min(d, 1)
		}
		if d < bestD && d < len(c) {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, capped for long keys.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (p *parser) config(root *value) *Config {
	c := Default()
	p.table(root, "", topKeys)

	if v := root.field("timezone"); v != nil {
		if s, ok := p.str(v, "timezone"); ok {
			p.zone(c, v, s)
		}
	}
	if v := root.field("work_hours"); v != nil {
		p.workHours(c, v)
	}
	bv, pv := root.field("breaks"), root.field("prompts")
	if bv != nil || pv != nil {
		c.Breaks, c.Prompts = nil, nil
		seen := map[string]string{}
		if bv != nil {
			c.Breaks = p.rules(bv, "breaks", seen)
		}
		if pv != nil {
			c.Prompts = p.rules(pv, "prompts", seen)
		}
		if len(c.Breaks)+len(c.Prompts) == 0 && len(p.errs) == 0 {
			at, name := bv, "breaks"
			if at == nil {
				at, name = pv, "prompts"
			}
			p.warns = append(p.warns, &Error{File: p.file, Line: at.line, Field: name,
				Msg: "no rules: deskbreak will never remind you (delete the empty tables to keep the default rules)"})
		}
	}
	if v := root.field("snooze"); v != nil {
		p.snooze(c, v)
	}
	if v := root.field("tips"); v != nil && p.table(v, "tips", tipsKeys) {
		c.Tips.Exclude = p.names(v.field("exclude"), "tips.exclude", "exercise id", "exercise ids", p.hasExercise)
		c.Tips.ExcludeCategories = p.names(v.field("exclude_categories"), "tips.exclude_categories", "category", "categories", p.hasCategory)
	}
	if v := root.field("idle"); v != nil && p.table(v, "idle", idleKeys) {
		if t := v.field("threshold"); t != nil {
			if d, ok := p.duration(t, "idle.threshold", false); ok {
				c.Idle.Threshold = d
			}
		}
	}
	if v := root.field("dnd"); v != nil && p.table(v, "dnd", dndKeys) {
		if b := v.field("enabled"); b != nil {
			c.DND.Enabled, _ = p.boolean(b, "dnd.enabled", c.DND.Enabled)
		}
		if b := v.field("fullscreen"); b != nil {
			c.DND.Fullscreen, _ = p.boolean(b, "dnd.fullscreen", c.DND.Fullscreen)
		}
		if t := v.field("max_hold"); t != nil {
			if d, ok := p.duration(t, "dnd.max_hold", false); ok {
				c.DND.MaxHold = d
			}
		}
	}
	if v := root.field("ui"); v != nil && p.table(v, "ui", uiKeys) {
		if b := v.field("browser"); b != nil {
			if s, ok := p.str(b, "ui.browser"); ok {
				c.UI.Browser = s
			}
		}
		if b := v.field("break_window"); b != nil {
			c.UI.BreakWindow, _ = p.boolean(b, "ui.break_window", c.UI.BreakWindow)
		}
	}
	if v := root.field("notify"); v != nil && p.table(v, "notify", notifyKeys) {
		if b := v.field("sound"); b != nil {
			c.Notify.Sound, _ = p.boolean(b, "notify.sound", c.Notify.Sound)
		}
		if b := v.field("prompt_sound"); b != nil {
			c.Notify.PromptSound, _ = p.boolean(b, "notify.prompt_sound", c.Notify.PromptSound)
		}
	}

	if len(p.errs) == 0 {
		p.checkAt(c)
		p.checkEvery(c)
	}
	sort.SliceStable(p.warns, func(i, j int) bool { return p.warns[i].Line < p.warns[j].Line })
	for _, w := range p.warns {
		c.Warnings = append(c.Warnings, w.Error())
	}
	return c
}

func (p *parser) zone(c *Config, v *value, s string) {
	c.Timezone = s
	if s == "" {
		c.Zone = time.Local
		return
	}
	loc, err := time.LoadLocation(s)
	if err != nil || strings.EqualFold(s, "local") {
		// "Local" is accepted by LoadLocation but is not an IANA name: leave it out,
		// the default is already the local zone.
		if _, err := time.LoadLocation("Europe/Berlin"); err != nil && !strings.EqualFold(s, "local") {
			p.errf(v, "timezone", "cannot load time zone %q: this system has no time zone database (on Debian or Fedora: install the tzdata package)", s)
			return
		}
		p.errf(v, "timezone", "unknown time zone (use an IANA name such as \"Europe/Berlin\")")
		return
	}
	c.Zone = loc
}

// str returns v's text, reporting a problem when v is not a string.
func (p *parser) str(v *value, field string) (string, bool) {
	if v.kind != unstable.String {
		p.errf(v, field, "expected a string, got %s", v.describe())
		return "", false
	}
	return v.str, true
}

func (p *parser) boolean(v *value, field string, def bool) (bool, bool) {
	if v.kind != unstable.Bool {
		p.errf(v, field, "expected true or false, got %s", v.describe())
		return def, false
	}
	return v.raw == "true", true
}

// array returns v's items, reporting a problem when v is not an array.
func (p *parser) array(v *value, field, of string) ([]*value, bool) {
	if v.kind != unstable.Array || v.tableArray {
		p.errf(v, field, "expected an array of %s, got %s", of, v.describe())
		return nil, false
	}
	return v.items, true
}

// duration parses a duration string of at least a minute; zeroOK also allows "0".
func (p *parser) duration(v *value, field string, zeroOK bool) (time.Duration, bool) {
	if v.kind != unstable.String {
		p.errf(v, field, "expected a duration such as \"25m\" or \"1h30m\", got %s", v.describe())
		return 0, false
	}
	s := strings.TrimSpace(v.str)
	d, err := time.ParseDuration(s)
	switch {
	case err != nil && s != "" && strings.Trim(s, "0123456789") == "":
		p.errf(v, field, "not a duration: the unit is missing (write %q or %q)", s+"m", s+"s")
	case err != nil:
		p.errf(v, field, "not a duration (write a number and a unit, such as \"90s\", \"25m\" or \"1h30m\")")
	case d == 0 && zeroOK:
		return 0, true
	case d <= 0:
		p.errf(v, field, "must be positive")
	case d < time.Minute:
		p.errf(v, field, "must be at least 1m")
	default:
		return d, true
	}
	return 0, false
}

func (p *parser) workHours(c *Config, v *value) {
	if !p.table(v, "work_hours", workKeys) {
		return
	}
	c.WorkHours = [7][]scheduler.Range{}
	for d, key := range weekdays {
		dv := v.field(key)
		if dv == nil {
			continue
		}
		field := "work_hours." + key
		items, ok := p.array(dv, field, "ranges such as \"09:00-17:00\"")
		if !ok {
			continue
		}
		var day []scheduler.Range
		var written []string
		for i, it := range items {
			f := index(field, i)
			s, ok := p.str(it, f)
			if !ok {
				continue
			}
			r, msg := parseRange(s)
			if msg != "" {
				p.errf(it, f, "%s", msg)
				continue
			}
			if j := slices.IndexFunc(day, func(o scheduler.Range) bool { return r.Start < o.End && o.Start < r.End }); j >= 0 {
				p.errf(it, f, "overlaps %q", written[j])
				continue
			}
			day = append(day, r)
			written = append(written, s)
		}
		sort.Slice(day, func(i, j int) bool { return day[i].Start < day[j].Start })
		c.WorkHours[d] = day
	}
	if hv := v.field("holidays"); hv != nil {
		items, _ := p.array(hv, "work_hours.holidays", "dates such as \"2026-12-24\"")
		for i, it := range items {
			f := index("work_hours.holidays", i)
			var s string
			switch it.kind {
			case unstable.String:
				s = it.str
			case unstable.LocalDate:
				s = it.raw
			default:
				p.errf(it, f, "expected a date such as \"2026-12-24\", got %s", it.describe())
				continue
			}
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
			if err != nil {
				if dateShape.MatchString(s) {
					p.errf(it, f, "no such date")
				} else {
					p.errf(it, f, "not a date (write YYYY-MM-DD, such as \"2026-12-24\")")
				}
				continue
			}
			if d := scheduler.DateOf(t); !slices.Contains(c.Holidays, d) {
				c.Holidays = append(c.Holidays, d)
			}
		}
	}
	if slices.IndexFunc(c.WorkHours[:], func(d []scheduler.Range) bool { return len(d) > 0 }) < 0 {
		p.warnf(v, "work_hours", "no work days: deskbreak will never remind you (list weekdays, such as mon = [\"09:00-17:00\"])")
	}
}

// parseRange parses "09:00-17:30" (a one-digit hour such as "9:00" is fine; "24:00" is a
// valid end). It returns a message instead when s is not a valid range.
func parseRange(s string) (scheduler.Range, string) {
	const want = `not a time range (write "HH:MM-HH:MM", such as "09:00-17:00")`
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return scheduler.Range{}, want
	}
	start, ok1 := parseClock(strings.TrimSpace(a))
	end, ok2 := parseClock(strings.TrimSpace(b))
	switch {
	case !ok1 || !ok2:
		return scheduler.Range{}, want
	case start < 0:
		return scheduler.Range{}, fmt.Sprintf("%s is not a time of day", strings.TrimSpace(a))
	case end < 0:
		return scheduler.Range{}, fmt.Sprintf("%s is not a time of day", strings.TrimSpace(b))
	case start == 24*60:
		return scheduler.Range{}, "a range cannot start at 24:00"
	case end < start:
		return scheduler.Range{}, "end is before start"
	case end == start:
		return scheduler.Range{}, "the range is empty"
	}
	return scheduler.Range{Start: start, End: end}, ""
}

// parseClock parses "H:MM" or "HH:MM" into minutes after midnight. ok is false when s has
// the wrong shape; the minutes are -1 when the shape is right but the time does not exist.
func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, false
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 24 || mm > 59 || hh == 24 && mm != 0 {
		return -1, true
	}
	return hh*60 + mm, true
}

func digits(s string) bool { return strings.Trim(s, "0123456789") == "" }

func (p *parser) hasExercise(s string) bool { return p.cat == nil || p.cat.HasExercise(s) }
func (p *parser) hasCategory(s string) bool { return p.cat == nil || p.cat.HasCategory(s) }
func (p *parser) hasTopic(s string) bool {
	if p.cat == nil {
		return s == "posture" || s == "breathing" || s == "eyes" || s == "water"
	}
	return p.cat.HasTopic(s)
}

// names reads an array of catalog names; nil v or an empty array gives nil.
func (p *parser) names(v *value, field, what, plural string, known func(string) bool) []string {
	if v == nil {
		return nil
	}
	items, _ := p.array(v, field, plural)
	var out []string
	for i, it := range items {
		f := index(field, i)
		s, ok := p.str(it, f)
		if !ok {
			continue
		}
		if !known(s) {
			p.errf(it, f, "unknown %s (see \"deskbreak tips list\")", what)
			continue
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// rules reads [breaks.*] or [prompts.*]; seen maps the rule names used so far to their
// tables, since names must be unique across both.
func (p *parser) rules(v *value, kind string, seen map[string]string) []RuleConfig {
	if v.kind != unstable.Table {
		p.errf(v, kind, "expected a table of named rules such as [%s.NAME], got %s", kind, v.describe())
		return nil
	}
	var out []RuleConfig
	for _, name := range v.keys {
		rv := v.fields[name]
		path := join(kind, name)
		if rv.kind != unstable.Table {
			p.errf(rv, path, "expected a table such as [%s], got %s", path, rv.describe())
			continue
		}
		if !ruleName.MatchString(name) {
			p.keyProblem(rv, path, "invalid rule name (use up to 64 lowercase letters, digits, \"-\" and \"_\")")
			continue
		}
		if other, dup := seen[name]; dup {
			p.keyProblem(rv, path, "the name %q is already used by %s", name, other)
			continue
		}
		seen[name] = path
		r, ok := p.rule(rv, path, name, kind == "breaks")
		if ok {
			out = append(out, r)
		}
	}
	return out
}

func (p *parser) rule(v *value, path, name string, isBreak bool) (RuleConfig, bool) {
	keys := promptKeys
	if isBreak {
		keys = breakKeys
	}
	n := len(p.errs)
	p.table(v, path, keys)
	r := RuleConfig{Name: name}
	ev, av := v.field("every"), v.field("at")
	switch {
	case ev != nil && av != nil:
		p.keyProblem(av, path, "both every and at are set; keep one")
	case ev == nil && av == nil:
		// A misspelt every or at has been reported as an unknown key already.
		if !slices.ContainsFunc(v.keys, func(k string) bool {
			s := suggest(k, keys)
			return !slices.Contains(keys, k) && (s == "every" || s == "at")
		}) {
			p.keyProblem(v, path, "neither every nor at is set; add one, such as every = \"1h\"")
		}
	case ev != nil:
		if d, ok := p.duration(ev, path+".every", false); ok {
			r.Every = d
			if p.every == nil {
				p.every = map[string]*value{}
			}
			p.every[path] = ev
			if d < shortRule {
				p.warnf(ev, path+".every", "shorter than 5 minutes; reminders this often get in the way")
			}
		}
	default:
		if s, ok := p.str(av, path+".at"); ok {
			sched, err := scheduler.ParseCron(s)
			if err != nil {
				p.errf(av, path+".at", "%v", err)
			} else {
				r.At, r.at, r.atLine = s, sched, av.line
			}
		}
	}
	if isBreak {
		r.Duration, r.RemindAfter = defaultBreakDuration, defaultRemindAfter
		if dv := v.field("duration"); dv != nil {
			if d, ok := p.duration(dv, path+".duration", false); ok {
				r.Duration = d
				if r.Every > 0 && d >= r.Every {
					p.warnf(dv, path+".duration", "as long as the interval (every = %q): the break never ends before the next", ev.str)
				}
			}
		}
		if rv := v.field("remind_after"); rv != nil {
			if d, ok := p.duration(rv, path+".remind_after", true); ok {
				r.RemindAfter = d
			}
		}
		r.Categories = p.names(v.field("categories"), path+".categories", "category", "categories", p.hasCategory)
	} else {
		r.Topic = defaultTopic
		if p.hasTopic(name) {
			r.Topic = name
		}
		if tv := v.field("topic"); tv != nil {
			if s, ok := p.str(tv, path+".topic"); ok {
				if p.hasTopic(s) {
					r.Topic = s
				} else {
					p.errf(tv, path+".topic", "unknown topic (see \"deskbreak tips list\")")
				}
			}
		}
	}
	return r, len(p.errs) == n
}

func (p *parser) snooze(c *Config, v *value) {
	if !p.table(v, "snooze", snoozeKeys) {
		return
	}
	if cv := v.field("choices"); cv != nil {
		items, ok := p.array(cv, "snooze.choices", "durations such as \"5m\"")
		var choices []time.Duration
		for i, it := range items {
			if d, ok := p.duration(it, index("snooze.choices", i), false); ok {
				choices = append(choices, d)
			}
		}
		if ok && len(items) == 0 {
			p.errf(cv, "snooze.choices", "needs at least one choice (set limit = 0 to turn snoozing off)")
		}
		c.Snooze.Choices = choices
	}
	if lv := v.field("limit"); lv != nil {
		if lv.kind != unstable.Integer {
			p.errf(lv, "snooze.limit", "expected a whole number, got %s", lv.describe())
			return
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(lv.raw, "_", ""), 0, 32)
		switch {
		case err != nil && strings.HasPrefix(lv.raw, "-"), err == nil && n < 0:
			p.errf(lv, "snooze.limit", "must be 0 or more")
		case err != nil:
			p.errf(lv, "snooze.limit", "too large")
		default:
			c.Snooze.Limit = int(n)
		}
	}
}

// checkAt warns about "at" rules that never fire inside the work hours.
func (p *parser) checkAt(c *Config) {
	for i, group := range [][]RuleConfig{c.Breaks, c.Prompts} {
		kind := [...]string{"breaks", "prompts"}[i]
		for _, r := range group {
			if r.at == nil || firesInWork(r.at.Minute, r.at.Hour, r.at.Dom, r.at.Dow, c.WorkHours) {
				continue
			}
			p.warns = append(p.warns, &Error{File: p.file, Line: r.atLine, Field: join(kind, r.Name) + ".at",
				Value: strconv.Quote(r.At), Msg: "never falls inside the work hours, so it never fires"})
		}
	}
}

// checkEvery warns about "every" rules longer than every work range: counting restarts with
// each range, so such a rule never fires.
func (p *parser) checkEvery(c *Config) {
	longest := 0
	for _, day := range c.WorkHours {
		for _, r := range day {
			longest = max(longest, r.End-r.Start)
		}
	}
	if longest == 0 {
		return // no work hours at all: reported on its own
	}
	for i, group := range [][]RuleConfig{c.Breaks, c.Prompts} {
		kind := [...]string{"breaks", "prompts"}[i]
		for _, r := range group {
			if r.Every <= 0 || r.Every < time.Duration(longest)*time.Minute {
				continue
			}
			every, line := shortDuration(r.Every), 0
			if v := p.every[join(kind, r.Name)]; v != nil {
				every, line = v.str, v.line
			}
			p.warns = append(p.warns, &Error{File: p.file, Line: line, Field: join(kind, r.Name) + ".every",
				Value: strconv.Quote(every), Msg: fmt.Sprintf("not shorter than the longest work range (%s), and counting restarts with each range, so it never fires",
					shortDuration(time.Duration(longest)*time.Minute))})
		}
	}
}

// shortDuration formats d as a config would write it: "8h", "7h30m".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// starBit marks a cron field written as "*" or "?" (robfig/cron's representation).
const starBit = 1 << 63

// firesInWork reports whether a cron schedule with these bit sets has a time that falls
// inside week's work ranges on some weekday. As in robfig/cron, a day matches when both
// day-of-month and day-of-week match if either is "*", and when either matches otherwise;
// a restricted day of the month falls on every weekday over the years.
func firesInWork(minute, hour, dom, dow uint64, week [7][]scheduler.Range) bool {
	days := uint64(1<<7 - 1)
	if dom&starBit != 0 && dow&starBit == 0 {
		days = dow
	}
	for d, ranges := range week {
		if days&(1<<d) == 0 {
			continue
		}
		for _, r := range ranges {
			for t := r.Start; t < r.End; t++ {
				if hour&(1<<(t/60)) != 0 && minute&(1<<(t%60)) != 0 {
					return true
				}
			}
		}
	}
	return false
}
