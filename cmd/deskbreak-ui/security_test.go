package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/tips"
)

// testServer serves a UI with a fake daemon on a real 127.0.0.1 listener.
func testServer(t testing.TB, f *fakeDaemon) (*ui, string) {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := tips.Default()
	if err != nil {
		t.Fatal(err)
	}
	u, err := newUI(l.Addr().String(), f, slog.New(slog.DiscardHandler), cat)
	if err != nil {
		t.Fatal(err)
	}
	u.cfgPath = t.TempDir() + "/config.toml"
	u.stateDir = t.TempDir()
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: u.routes()}}
	srv.Start()
	t.Cleanup(srv.Close)
	return u, "http://" + l.Addr().String()
}

// login returns a client holding the session cookie.
func login(t *testing.T, u *ui) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(u.g.URL("/break"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/break" {
		t.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return c
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestRefusals(t *testing.T) {
	f := &fakeDaemon{}
	u, base := testServer(t, f)
	c := login(t, u)
	origin := base
	post := func(c *http.Client, path, origin, csrf string) *http.Response {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(url.Values{"action": {"start"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	cases := []struct {
		name string
		do   func() *http.Response
		code int
		says string
	}{
		{"another user without the cookie", func() *http.Response {
			resp, _ := http.Get(base + "/break")
			return resp
		}, 403, "not logged in"},
		{"a forged cookie", func() *http.Response {
			req, _ := http.NewRequest("GET", base+"/events", nil)
			req.AddCookie(&http.Cookie{Name: cookieName, Value: strings.Repeat("0", 64)})
			resp, _ := http.DefaultClient.Do(req)
			return resp
		}, 403, "not logged in"},
		{"a wrong Host (DNS rebinding)", func() *http.Response {
			req, _ := http.NewRequest("GET", base+"/break", nil)
			req.Host = "attacker.example:" + strings.Split(base, ":")[2]
			resp, _ := c.Do(req)
			return resp
		}, 421, "wrong Host"},
		{"a replayed token", func() *http.Response {
			link := u.g.URL("/break")
			r1, _ := http.Get(link)
			r1.Body.Close()
			resp, _ := http.Get(link)
			return resp
		}, 403, "used already"},
		{"an expired token", func() *http.Response {
			link := u.g.URL("/break")
			u.g.mu.Lock()
			for k := range u.g.tokens {
				u.g.tokens[k] = time.Now().Add(-time.Second)
			}
			u.g.mu.Unlock()
			resp, _ := http.Get(link)
			return resp
		}, 403, "older than a minute"},
		{"a cross-origin POST", func() *http.Response { return post(c, "/action", "http://evil.example", u.g.csrf) }, 403, "cross-origin"},
		{"a POST without Origin", func() *http.Response { return post(c, "/action", "", u.g.csrf) }, 403, "cross-origin"},
		{"a POST without the CSRF token", func() *http.Response { return post(c, "/action", origin, "") }, 403, "CSRF"},
		{"a POST with a wrong CSRF token", func() *http.Response { return post(c, "/action", origin, "x"+u.g.csrf[1:]) }, 403, "CSRF"},
		{"a GET that would change something", func() *http.Response {
			resp, _ := c.Get(base + "/action?action=start")
			return resp
		}, 405, ""},
		{"a PUT", func() *http.Response {
			req, _ := http.NewRequest("PUT", base+"/action", nil)
			req.Header.Set("Origin", origin)
			resp, _ := c.Do(req)
			return resp
		}, 405, ""},
	}
	for _, tc := range cases {
		resp := tc.do()
		if resp == nil {
			t.Errorf("%s: no answer", tc.name)
			continue
		}
		b := body(t, resp)
		if resp.StatusCode != tc.code || !strings.Contains(b, tc.says) {
			t.Errorf("%s: %d %q, want %d saying %q", tc.name, resp.StatusCode, b, tc.code, tc.says)
		}
		if got := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(got, "default-src 'self'") {
			t.Errorf("%s: CSP %q", tc.name, got)
		}
	}
	if a := f.Actions(); len(a) != 0 {
		t.Errorf("refused requests reached the daemon: %v", a)
	}
	// The same POST, done right, goes through.
	resp := post(c, "/action", origin, u.g.csrf)
	if b := body(t, resp); resp.StatusCode != 200 || !strings.Contains(b, "start ok") {
		t.Errorf("a proper POST: %d %s", resp.StatusCode, b)
	}
}

func TestCookieAndListener(t *testing.T) {
	u, base := testServer(t, &fakeDaemon{})
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(u.g.URL("//evil.example/"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("auth redirected to %q, want / (no open redirect)", loc)
	}
	var ck *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == cookieName {
			ck = c
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" {
		t.Errorf("cookie %+v, want HttpOnly, SameSite=Strict, Path=/", ck)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("listening on %s, want 127.0.0.1", base)
	}
}

func TestRunListensOnLoopbackAndExitsWhenIdle(t *testing.T) {
	env := map[string]string{
		"XDG_RUNTIME_DIR": t.TempDir(), "XDG_CONFIG_HOME": t.TempDir(), "XDG_STATE_HOME": t.TempDir(), "HOME": t.TempDir(),
	}
	var out strings.Builder
	start := time.Now()
	err := run(t.Context(), []string{"--no-open", "--idle", "300ms", "settings"}, &out, io.Discard, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(strings.TrimSpace(out.String()))
	if err != nil || u.Hostname() != "127.0.0.1" || u.Port() == "0" || u.Path != "/auth" || u.Query().Get("next") != "/settings" || len(u.Query().Get("token")) != 64 {
		t.Errorf("URL %q (%v), want http://127.0.0.1:PORT/auth?token=...&next=/settings", out.String(), err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("exited after %v with no page connected, want about the idle time", took)
	}
}

func TestPicture(t *testing.T) {
	u, base := testServer(t, &fakeDaemon{})
	c := login(t, u)
	resp, err := c.Get(base + "/picture/chin-tuck")
	if err != nil {
		t.Fatal(err)
	}
	svg := body(t, resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(strings.TrimSpace(svg), "<svg") {
		t.Errorf("/picture/chin-tuck: %d %s %.80q", resp.StatusCode, resp.Header.Get("Content-Type"), svg)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
		t.Errorf("picture CSP %q", csp)
	}
	resp, _ = c.Get(base + "/picture/no-such")
	if resp.StatusCode != 404 {
		t.Errorf("/picture/no-such: %d, want 404", resp.StatusCode)
	}
	resp.Body.Close()
	resp, _ = http.Get(base + "/picture/chin-tuck")
	if resp.StatusCode != 403 {
		t.Errorf("a picture without the cookie: %d, want 403", resp.StatusCode)
	}
	resp.Body.Close()
}
