package main

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The security model. Every local user can connect to 127.0.0.1, and any web page the
// person visits can make their browser send requests there, so:
//
//   - the server listens on 127.0.0.1 on a random port only;
//   - the URL handed to the browser carries a one-time token, valid for tokenTTL, which
//     /auth exchanges for a session cookie (HttpOnly, SameSite=Strict); every other request
//     needs that cookie;
//   - the Host header must name the listener itself, so a DNS-rebound name is refused;
//   - a request that changes anything must be a POST whose Origin is the listener's and
//     which carries the CSRF token of the page;
//   - every answer says Content-Security-Policy: default-src 'self', so nothing but the
//     UI's own scripts and styles run in its pages.

// tokenTTL is how long a URL's one-time token may be exchanged for the cookie.
const tokenTTL = 60 * time.Second

// cookieName is the session cookie.
const cookieName = "deskbreak_ui"

// csp is the Content-Security-Policy of every answer.
const csp = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// guard holds the secrets of one UI process and checks requests against them.
type guard struct {
	addr    string // "127.0.0.1:PORT"
	session string // the cookie's value
	csrf    string // the pages' CSRF token
	now     func() time.Time

	mu     sync.Mutex
	tokens map[string]time.Time // one-time tokens and when they expire
}

// newGuard returns a guard for a listener on addr.
func newGuard(addr string, now func() time.Time) *guard {
	return &guard{addr: addr, session: randomHex(), csrf: randomHex(), now: now, tokens: map[string]time.Time{}}
}

// randomHex returns 32 random bytes in hex.
func randomHex() string {
	var b [32]byte
	rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b[:])
}

// URL returns a fresh one-time URL that logs the browser in and shows path.
func (g *guard) URL(path string) string {
	tok := randomHex()
	g.mu.Lock()
	g.tokens[tok] = g.now().Add(tokenTTL)
	g.mu.Unlock()
	return "http://" + g.addr + "/auth?token=" + tok + "&next=" + path
}

// redeem reports whether tok is a token not used before and not expired, and uses it up.
func (g *guard) redeem(tok string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	for t, exp := range g.tokens {
		if now.After(exp) {
			delete(g.tokens, t)
		}
	}
	exp, ok := g.tokens[tok]
	if !ok {
		return false
	}
	delete(g.tokens, tok)
	return !now.After(exp)
}

// hostOK reports whether host names this listener: 127.0.0.1:PORT or localhost:PORT.
func (g *guard) hostOK(host string) bool {
	_, port, _ := strings.Cut(g.addr, ":")
	return host == g.addr || host == "localhost:"+port
}

// originOK reports whether a POST's Origin is this listener's.
func (g *guard) originOK(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o != "" && strings.HasPrefix(o, "http://") && g.hostOK(strings.TrimPrefix(o, "http://")) &&
		strings.TrimPrefix(o, "http://") == r.Host
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// wrap puts the checks in front of h.
func (g *guard) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-store")
		if !g.hostOK(r.Host) {
			http.Error(w, "refused: wrong Host "+r.Host+"; this server answers only to http://"+g.addr, http.StatusMisdirectedRequest)
			return
		}
		if r.URL.Path == "/auth" {
			g.auth(w, r)
			return
		}
		c, err := r.Cookie(cookieName)
		if err != nil || !equal(c.Value, g.session) {
			http.Error(w, "refused: not logged in. Open the UI with \"deskbreak ui\": its link logs this browser in once.", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if r.Method != http.MethodPost {
				http.Error(w, "refused: method "+r.Method, http.StatusMethodNotAllowed)
				return
			}
			if !g.originOK(r) {
				http.Error(w, "refused: cross-origin request (Origin "+r.Header.Get("Origin")+")", http.StatusForbidden)
				return
			}
			tok := r.Header.Get("X-CSRF-Token")
			if tok == "" {
				tok = r.PostFormValue("csrf")
			}
			if !equal(tok, g.csrf) {
				http.Error(w, "refused: missing or wrong CSRF token; reload the page", http.StatusForbidden)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// auth exchanges a one-time token for the session cookie and sends the browser on.
func (g *guard) auth(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || !g.redeem(r.URL.Query().Get("token")) {
		http.Error(w, "refused: this link was used already or is older than a minute. Run \"deskbreak ui\" again for a fresh one.", http.StatusForbidden)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: g.session, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
