package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// The settings page edits the config file through a form. Each change is turned back into
// a TOML document and checked by the config package itself, so the page shows the
// checker's own words at each field, and what Save writes is exactly what "config check"
// accepts. Save writes the file in the commented default layout (config.Format).

// dayKeys are the weekdays in the order the form shows them, with their TOML keys.
var dayKeys = []struct{ Key, Name string }{
	{"mon", "Monday"}, {"tue", "Tuesday"}, {"wed", "Wednesday"}, {"thu", "Thursday"},
	{"fri", "Friday"}, {"sat", "Saturday"}, {"sun", "Sunday"},
}

var dayIndex = map[string]time.Weekday{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

// ruleForm is one rule as the form shows it.
type ruleForm struct {
	Index       int
	Kind        string // "breaks" or "prompts"
	Name        string
	When        string // "every" or "at"
	Value       string
	Duration    string
	Categories  string
	RemindAfter string
	Topic       string
}

// settingsData is what the settings template gets.
type settingsData struct {
	Path      string
	Base      string // the hash of the file as loaded
	FileError string // problems of the file on disk, which the form cannot show
	Missing   bool
	Timezone  string
	Zones     []string
	Days      []dayForm
	Holidays  string
	Rules     []ruleForm
	Choices   string
	Limit     int
	Idle      string
	DND       config.DNDConfig
	MaxHold   string
	Browser   string
	BreakWin  bool
	Exercises []checkItem
	Cats      []checkItem
	Preview   template.HTML
}

// dayForm is one day of the work-hours grid: its ranges, at least one row (an empty row
// is a day off, and lets a browser without scripts add a range).
type dayForm struct {
	Key, Name string
	Ranges    []rangeForm
}

// rangeForm is one row of a day: N counts from 1, for the labels. A spare row is the
// empty one after a day's ranges, for adding one without scripts; the page's script drops it.
type rangeForm struct {
	N          int
	Start, End string
	Spare      bool
}

type checkItem struct {
	ID, Label string
	Checked   bool
}

// fileHash returns the hash of the file's bytes, "none" when it does not exist.
func fileHash(path string) (string, []byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "none", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), data, nil
}

func (u *ui) settingsPage(w http.ResponseWriter, r *http.Request) {
	base, data, err := fileHash(u.cfgPath)
	if err != nil {
		http.Error(w, "read "+u.cfgPath+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	d := settingsData{Path: u.cfgPath, Base: base, Missing: data == nil}
	cfg := config.Default()
	if data != nil {
		c, err := config.Parse(u.cfgPath, data, u.cat)
		if err != nil {
			d.FileError = err.Error()
		} else {
			cfg = c
		}
	}
	fillForm(&d, cfg, u)
	if d.FileError == "" {
		start := time.Now()
		d.Preview = planHTML(cfg, u.now(), time.Since(start))
	}
	u.render(w, "settings.html", page{Title: "Settings", Nav: "settings", Script: "settings.js", Data: d})
}

// fillForm puts cfg into the form's fields.
func fillForm(d *settingsData, cfg *config.Config, u *ui) {
	d.Timezone = cfg.Timezone
	d.Zones = zoneNames()
	for _, day := range dayKeys {
		df := dayForm{Key: day.Key, Name: day.Name}
		for i, rg := range cfg.WorkHours[dayIndex[day.Key]] {
			start, end, _ := strings.Cut(rg.String(), "-")
			df.Ranges = append(df.Ranges, rangeForm{N: i + 1, Start: start, End: end})
		}
		df.Ranges = append(df.Ranges, rangeForm{N: len(df.Ranges) + 1, Spare: true})
		d.Days = append(d.Days, df)
	}
	var hs []string
	for _, h := range cfg.Holidays {
		hs = append(hs, h.String())
	}
	d.Holidays = strings.Join(hs, ", ")
	i := 0
	add := func(kind string, rc config.RuleConfig) {
		f := ruleForm{Index: i, Kind: kind, Name: rc.Name, When: "every", Value: fmtDur(rc.Every),
			Duration: fmtDur(rc.Duration), Categories: strings.Join(rc.Categories, ", "), RemindAfter: fmtDur(rc.RemindAfter), Topic: rc.Topic}
		if rc.At != "" {
			f.When, f.Value = "at", rc.At
		}
		d.Rules = append(d.Rules, f)
		i++
	}
	for _, rc := range cfg.Breaks {
		add("breaks", rc)
	}
	for _, rc := range cfg.Prompts {
		add("prompts", rc)
	}
	var ch []string
	for _, c := range cfg.Snooze.Choices {
		ch = append(ch, fmtDur(c))
	}
	d.Choices = strings.Join(ch, ", ")
	d.Limit = cfg.Snooze.Limit
	d.Idle = fmtDur(cfg.Idle.Threshold)
	d.DND, d.MaxHold = cfg.DND, fmtDur(cfg.DND.MaxHold)
	d.Browser, d.BreakWin = cfg.UI.Browser, cfg.UI.BreakWindow
	excluded := map[string]bool{}
	for _, id := range cfg.Tips.Exclude {
		excluded[id] = true
	}
	for _, e := range u.cat.Exercises() {
		d.Exercises = append(d.Exercises, checkItem{e.ID, e.Title, excluded[e.ID]})
	}
	sort.Slice(d.Exercises, func(a, b int) bool { return d.Exercises[a].Label < d.Exercises[b].Label })
	exCats := map[string]bool{}
	for _, c := range cfg.Tips.ExcludeCategories {
		exCats[c] = true
	}
	for _, c := range u.cat.Categories() {
		d.Cats = append(d.Cats, checkItem{c, c, exCats[c]})
	}
}

// fmtDur writes a duration as the config file does.
func fmtDur(d time.Duration) string { return config.FormatDuration(d) }

// zoneNames lists the IANA zones from the system's zone1970.tab (the canonical ones; else
// every name of tzdata.zi), sorted; empty when the system has neither (the field still takes any name, and the checker says when one is
// unknown).
func zoneNames() []string {
	var out []string
	for _, p := range []string{"/usr/share/zoneinfo/zone1970.tab", "/usr/share/zoneinfo/tzdata.zi"} {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		s := bufio.NewScanner(f)
		for s.Scan() {
			line := s.Text()
			fields := strings.Fields(line)
			switch {
			case strings.HasSuffix(p, ".zi") && len(fields) >= 2 && (fields[0] == "Z" || fields[0] == "L"):
				out = append(out, fields[len(fields)-1])
				if fields[0] == "Z" {
					out[len(out)-1] = fields[1]
				}
			case strings.HasSuffix(p, ".tab") && len(fields) >= 3 && !strings.HasPrefix(line, "#"):
				out = append(out, fields[2])
			}
		}
		f.Close()
		if len(out) > 0 {
			break
		}
	}
	sort.Strings(out)
	return out
}

// dayRanges joins a day's rows of the work-hours grid (the repeated fields
// work_hours.KEY.start and work_hours.KEY.end) into "09:00-12:00, 13:00-17:00". A row left
// empty is skipped; a row with one time empty is kept as it is, for the checker to name.
// The older single field work_hours.KEY is still read, for a form posted by an older page.
func dayRanges(f url.Values, key string) string {
	starts, ends := f["work_hours."+key+".start"], f["work_hours."+key+".end"]
	var rs []string
	for i := 0; i < len(starts) || i < len(ends); i++ {
		var s, e string
		if i < len(starts) {
			s = strings.TrimSpace(starts[i])
		}
		if i < len(ends) {
			e = strings.TrimSpace(ends[i])
		}
		if s == "" && e == "" {
			continue
		}
		rs = append(rs, s+"-"+e)
	}
	if old := strings.TrimSpace(f.Get("work_hours." + key)); old != "" {
		rs = append(rs, old)
	}
	return strings.Join(rs, ", ")
}

// formDoc turns the form into a TOML document, and says which form field each TOML field
// came from.
func formDoc(f url.Values) ([]byte, map[string]string) {
	var b bytes.Buffer
	fields := map[string]string{}
	str := func(key, field, v string) {
		fields[key] = field
		fmt.Fprintf(&b, "%s = %s\n", lastKey(key), config.TOMLString(v))
	}
	list := func(key, field, v string) {
		fields[key] = field
		var items []string
		for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, config.TOMLString(s))
			}
		}
		fmt.Fprintf(&b, "%s = [%s]\n", lastKey(key), strings.Join(items, ", "))
	}
	num := func(key, field, v string) {
		fields[key] = field
		v = strings.TrimSpace(v)
		if _, err := strconv.Atoi(v); err == nil {
			fmt.Fprintf(&b, "%s = %s\n", lastKey(key), v)
		} else {
			fmt.Fprintf(&b, "%s = %s\n", lastKey(key), config.TOMLString(v)) // the checker names the mistake
		}
	}
	boolean := func(key, field string) {
		fields[key] = field
		fmt.Fprintf(&b, "%s = %t\n", lastKey(key), f.Get(field) == "on")
	}
	if tz := strings.TrimSpace(f.Get("timezone")); tz != "" {
		str("timezone", "timezone", tz)
	}
	b.WriteString("[work_hours]\n")
	for _, d := range dayKeys {
		if rs := dayRanges(f, d.Key); rs != "" {
			list("work_hours."+d.Key, "work_hours."+d.Key, rs)
		}
	}
	list("work_hours.holidays", "work_hours.holidays", f.Get("work_hours.holidays"))
	nrules := 0
	for i := 0; i < 100; i++ {
		p := fmt.Sprintf("rule.%d.", i)
		if !f.Has(p + "name") {
			continue
		}
		if f.Get(p+"remove") == "on" {
			continue
		}
		kind := f.Get(p + "kind")
		if kind != "breaks" && kind != "prompts" {
			kind = "breaks"
		}
		name := strings.TrimSpace(f.Get(p + "name"))
		table := kind + "." + name
		fields[table] = p + "name"
		fmt.Fprintf(&b, "[%s.%s]\n", kind, config.TOMLString(name))
		nrules++
		when := "every"
		if f.Get(p+"when") == "at" {
			when = "at"
		}
		str(table+"."+when, p+"value", strings.TrimSpace(f.Get(p+"value")))
		if kind == "breaks" {
			str(table+".duration", p+"duration", strings.TrimSpace(f.Get(p+"duration")))
			if c := strings.TrimSpace(f.Get(p + "categories")); c != "" {
				list(table+".categories", p+"categories", c)
			}
			str(table+".remind_after", p+"remind_after", strings.TrimSpace(f.Get(p+"remind_after")))
		} else if t := strings.TrimSpace(f.Get(p + "topic")); t != "" {
			str(table+".topic", p+"topic", t)
		}
	}
	if nrules == 0 {
		b.WriteString("[breaks]\n")
	}
	b.WriteString("[snooze]\n")
	list("snooze.choices", "snooze.choices", f.Get("snooze.choices"))
	num("snooze.limit", "snooze.limit", f.Get("snooze.limit"))
	b.WriteString("[tips]\n")
	list("tips.exclude", "tips.exclude", strings.Join(f["tips.exclude"], ","))
	list("tips.exclude_categories", "tips.exclude_categories", strings.Join(f["tips.exclude_categories"], ","))
	b.WriteString("[idle]\n")
	str("idle.threshold", "idle.threshold", strings.TrimSpace(f.Get("idle.threshold")))
	b.WriteString("[dnd]\n")
	boolean("dnd.enabled", "dnd.enabled")
	str("dnd.max_hold", "dnd.max_hold", strings.TrimSpace(f.Get("dnd.max_hold")))
	boolean("dnd.fullscreen", "dnd.fullscreen")
	b.WriteString("[ui]\n")
	if br := strings.TrimSpace(f.Get("ui.browser")); br != "" {
		str("ui.browser", "ui.browser", br)
	}
	boolean("ui.break_window", "ui.break_window")
	return b.Bytes(), fields
}

func lastKey(key string) string { return key[strings.LastIndex(key, ".")+1:] }

// fieldError is one problem, at the form field it belongs to ("" for the whole form).
type fieldError struct {
	Field string `json:"field"`
	Msg   string `json:"msg"`
}

var indexSuffix = regexp.MustCompile(`\[\d+\]$`)

// checkForm parses the form as the config checker does: the config, or each problem at its
// field, in the checker's words (without the file and line, which are the form's own).
func (u *ui) checkForm(f url.Values) (*config.Config, []fieldError) {
	doc, fields := formDoc(f)
	cfg, err := config.Parse("settings", doc, u.cat)
	if err == nil {
		return cfg, nil
	}
	var es config.Errors
	if !errors.As(err, &es) {
		return nil, []fieldError{{"", err.Error()}}
	}
	var out []fieldError
	for _, e := range es {
		key := indexSuffix.ReplaceAllString(e.Field, "")
		field, ok := fields[key]
		for !ok && strings.Contains(key, ".") {
			key = key[:strings.LastIndex(key, ".")]
			field, ok = fields[key]
		}
		msg := e.Msg
		if e.Value != "" {
			msg = e.Value + ": " + msg
		}
		if !ok {
			field = ""
			if e.Field != "" {
				msg = e.Field + ": " + msg
			}
		}
		out = append(out, fieldError{field, msg})
	}
	return nil, out
}

// planHTML renders the next 7 days of cfg's plan from now.
func planHTML(cfg *config.Config, now time.Time, took time.Duration) template.HTML {
	start := time.Now()
	rules := cfg.Rules()
	evs := scheduler.Plan(rules, now, now.AddDate(0, 0, 7))
	var b strings.Builder
	day := ""
	count := 0
	for _, ev := range evs {
		at := ev.At.In(rules.Zone)
		if d := at.Format("Monday 2 January"); d != day {
			if day != "" {
				b.WriteString("</ul>")
			}
			day = d
			fmt.Fprintf(&b, "<h3>%s</h3><ul>", template.HTMLEscapeString(d))
		}
		what := template.HTMLEscapeString(ev.Rule)
		if ev.Kind == scheduler.KindBreak {
			what += " break, " + template.HTMLEscapeString(api.FormatLength(ev.Duration))
		} else {
			what += " prompt"
		}
		fmt.Fprintf(&b, `<li class="kind-%s">%s %s</li>`, ev.Kind, at.Format("15:04"), what)
		count++
	}
	if day != "" {
		b.WriteString("</ul>")
	}
	if count == 0 {
		b.WriteString("<p>Nothing fires in the next 7 days.</p>")
	}
	took += time.Since(start)
	fmt.Fprintf(&b, `<p class="took" id="preview-took" data-us="%d">%d breaks and prompts; planned in %.1f ms</p>`, took.Microseconds(), count, float64(took.Microseconds())/1000)
	return template.HTML(b.String())
}

// settingsPreview checks the edited form and answers its problems, or the plan of the next
// 7 days.
func (u *ui) settingsPreview(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	cfg, errs := u.checkForm(r.PostForm)
	if errs != nil {
		writeJSON(w, http.StatusOK, map[string]any{"errors": errs})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"errors": []fieldError{}, "preview": string(planHTML(cfg, u.now(), time.Since(start)))})
}

// settingsSave checks the form and, when it is good and the file did not change on disk
// since the page loaded, writes it (keeping the previous file as config.toml.bak) and asks
// the daemon to reload.
func (u *ui) settingsSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	cfg, errs := u.checkForm(r.PostForm)
	if errs != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": errs, "error": "Nothing was saved: fix the fields marked below."})
		return
	}
	base, old, err := fileHash(u.cfgPath)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": fmt.Sprintf("read %s: %v", u.cfgPath, err)})
		return
	}
	if base != r.PostForm.Get("base") {
		writeJSON(w, http.StatusConflict, map[string]any{"conflict": true,
			"error": u.cfgPath + " changed on disk since this page loaded; nothing was saved. Reload the page to edit the new version."})
		return
	}
	data := config.Format(cfg)
	if _, err := config.Parse(u.cfgPath, data, u.cat); err != nil { // a guard: never write what does not check
		u.log.Error("formatted config does not check", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error: the file to write does not check: " + err.Error()})
		return
	}
	if err := os.MkdirAll(filepath.Dir(u.cfgPath), 0o755); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	if old != nil {
		if err := config.WriteFile(u.cfgPath+".bak", old); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "keep the previous file: " + err.Error() + "; nothing was saved"})
			return
		}
	}
	if err := config.WriteFile(u.cfgPath, data); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "save: " + err.Error()})
		return
	}
	newBase, _, _ := fileHash(u.cfgPath)
	msg := "Saved " + u.cfgPath + "."
	if old != nil {
		msg += " The previous file is " + filepath.Base(u.cfgPath) + ".bak."
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	if _, err := u.c.Reload(ctx); err != nil {
		if errors.Is(err, errNotRunning) {
			msg += " deskbreak is not running; it reads the file when it starts."
		} else {
			msg += " The daemon did not reload: " + err.Error()
		}
	} else {
		msg += " deskbreak uses it now."
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": msg, "base": newBase, "preview": string(planHTML(cfg, u.now(), 0))})
}
