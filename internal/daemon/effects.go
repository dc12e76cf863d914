package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

// notifyTimeout bounds one call to the notification server.
const notifyTimeout = 5 * time.Second

// shutdownNotifyGrace is how long notification calls may still take once the daemon stops:
// enough to close the notification on a server that answers (milliseconds), little enough
// that a silent one cannot hold up the final save within main's 1.8 s grace.
const shutdownNotifyGrace = 500 * time.Millisecond

// job is the slow effects of one turn of the loop, carried out in this order: the history
// is appended, the state saved, the request answered (so an answer always follows the save
// that makes it durable), then the notifications shown and closed.
type job struct {
	appends []scheduler.Event
	save    *store.State // nil: nothing to save
	reply   chan response
	res     response
	notes   []note
}

// note is one call to the notifier: show msg, or close the live notification, within
// timeout (0: notifyTimeout).
type note struct {
	close   bool
	msg     notify.Message
	timeout time.Duration
}

func (j *job) empty() bool {
	return len(j.appends) == 0 && j.save == nil && j.reply == nil && len(j.notes) == 0
}

// saveOutcome is what the worker tells the loop when saving starts or stops failing.
type saveOutcome struct {
	err error // nil: saved
	at  time.Time
}

// worker carries out the loop's slow effects (fsync, D-Bus calls) in order, on a goroutine
// of its own, so that the loop never waits for them. The loop hands it jobs and never
// blocks doing so; the worker tells the loop, through saved, when saving starts or stops
// failing.
type worker struct {
	store    Store
	notifier Notifier
	log      *slog.Logger

	mu     sync.Mutex
	queue  []job
	closed bool
	wake   chan struct{} // buffered(1): the queue has work or was closed
	done   chan struct{} // closed when the worker has carried out everything and stopped

	saved chan saveOutcome // buffered(1), the latest outcome only; read by the loop

	// quit bounds every notification call; stop cancels it shutdownNotifyGrace after it
	// is called.
	quit    context.Context
	quitNow context.CancelFunc

	// Owned by the worker goroutine.
	failing   string    // the first error of the failing saves in a row, "" while saves work
	notifyErr time.Time // when a notification failure was last logged
}

func newWorker(s Store, n Notifier, log *slog.Logger) *worker {
	w := &worker{store: s, notifier: n, log: log, wake: make(chan struct{}, 1),
		done: make(chan struct{}), saved: make(chan saveOutcome, 1)}
	w.quit, w.quitNow = context.WithCancel(context.Background())
	go w.run()
	return w
}

// add queues j. It never blocks.
func (w *worker) add(j job) {
	if j.empty() {
		return
	}
	w.mu.Lock()
	w.queue = append(w.queue, j)
	w.mu.Unlock()
	w.signal()
}

func (w *worker) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// stop lets the worker carry out what is queued, then waits for it to end. Notification
// calls get shutdownNotifyGrace from now; saves and history appends are all carried out.
func (w *worker) stop() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.signal()
	t := time.AfterFunc(shutdownNotifyGrace, w.quitNow)
	<-w.done
	t.Stop()
	w.quitNow()
}

func (w *worker) run() {
	defer close(w.done)
	for {
		<-w.wake
		for {
			w.mu.Lock()
			q, closed := w.queue, w.closed
			w.queue = nil
			w.mu.Unlock()
			if len(q) == 0 {
				if closed {
					return
				}
				break
			}
			for _, j := range q {
				w.do(j)
			}
		}
	}
}

// do carries out one job.
func (w *worker) do(j job) {
	for _, ev := range j.appends {
		if err := w.store.Append(ev); err != nil {
			w.log.Error("record history", "err", err)
		}
	}
	if j.save != nil {
		err := w.store.SaveState(*j.save)
		w.report(err)
		if err != nil && j.reply != nil && j.res.err == nil {
			j.res.err = &api.NotSaved{Msg: notSavedMsg(j.res.res.Message, err)}
			j.res.res.Snapshot.SaveError = err.Error()
		}
	}
	if j.reply != nil {
		j.reply <- j.res // buffered(1), one answer: never blocks
	}
	for _, n := range j.notes {
		timeout := n.timeout
		if timeout == 0 {
			timeout = notifyTimeout
		}
		ctx, cancel := context.WithTimeout(w.quit, timeout)
		if n.close {
			if err := w.notifier.Close(ctx); err != nil {
				w.log.Debug("close notification", "err", err)
			}
		} else if err := w.notifier.Show(ctx, n.msg); err != nil {
			if w.notifyErr.IsZero() || time.Since(w.notifyErr) > time.Hour {
				w.notifyErr = time.Now()
				w.log.Warn("cannot show a notification; the tray and the CLI still work (this is logged at most hourly)", "err", err)
			}
		}
		cancel()
	}
}

// report logs a save that failed after working, or that worked again after failing, and
// tells the loop of the change. Failures in a row count as one: their messages differ (a
// temporary file's name), and the loop retries on its own schedule.
func (w *worker) report(err error) {
	if (err != nil) == (w.failing != "") {
		if err != nil {
			w.log.Debug("save state failed again", "err", err)
		}
		return
	}
	if err == nil {
		w.log.Info("state saved again", "after", w.failing)
		w.failing = ""
	} else {
		w.log.Error("save state: the state holds in memory and is saved again at every change and every minute until it works", "err", err)
		w.failing = err.Error()
	}
	select { // replace an outcome the loop has not read: only the latest matters
	case <-w.saved:
	default:
	}
	w.saved <- saveOutcome{err: err, at: time.Now()}
}

// notSavedMsg is the answer to a request that took effect but could not be saved.
func notSavedMsg(done string, err error) string {
	if done == "" {
		done = "Done"
	}
	return fmt.Sprintf("%s, but it is not saved: %v; it holds while deskbreak runs, and deskbreak keeps trying to save it", done, err)
}
