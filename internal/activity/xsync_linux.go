package activity

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// IdleChange is the person going idle for the threshold (Away, At = when their last input was)
// or coming back (At = about when their input resumed).
type IdleChange struct {
	Away bool
	At   time.Time
}

// IdleWatcher reports idle changes as they happen, without polling: an X SYNC alarm on the
// server's IDLETIME counter.
//
// While nothing changes the watcher does not wake the process at all: it holds no timer and
// its goroutines wait on the X connection and on channels. The X server wakes it once when the
// person has been idle for the threshold, and once at their next input.
//
// Its methods are safe for concurrent use.
type IdleWatcher struct {
	display string
	x       *syncConn
	alarm   uint32
	mbox    *changeMailbox
	done    chan struct{} // closed by Close
	wg      sync.WaitGroup

	closeOnce sync.Once
	closeErr  error

	mu        sync.Mutex
	threshold time.Duration
	away      bool   // the last change posted was Away
	armSeq    uint16 // sequence number of the request that last armed the alarm
	closed    bool
	gone      bool        // the X connection has ended
	stop      func() bool // stops the context.AfterFunc that closes the watcher
}

// minIdleThreshold is the shortest threshold WatchX11Idle and SetThreshold accept: anything
// shorter is the gap between two keystrokes, not the person being away.
const minIdleThreshold = 10 * time.Millisecond

// WatchX11Idle connects to display (its own connection), checks SYNC and IDLETIME, and starts
// watching with threshold; changes are sent on out (never blocking the X connection's reader: drop
// or coalesce if out is full, keeping the latest). It returns an error naming the display and what
// is missing when the server lacks SYNC or IDLETIME.
//
// Changes alternate, starting with Away: never two Aways in a row. When the person is already
// idle past threshold at the start, the first Away is sent at once. When out is full, changes
// wait in a one-slot mailbox that keeps only the latest; a change that would repeat the one
// last delivered (an away, back and away again while the receiver was busy) is dropped.
//
// The watcher runs until Close is called or ctx is done (ctx also bounds the setup's round
// trips). When the X server goes away the watcher stops: no more changes come, out is left
// open, and nothing is logged by this package (xgb itself prints one line to stderr through
// xgb.Logger). Call Close in every case.
func WatchX11Idle(ctx context.Context, display string, threshold time.Duration, out chan<- IdleChange) (*IdleWatcher, error) {
	if threshold < minIdleThreshold {
		return nil, fmt.Errorf("display %s: idle threshold %v is shorter than %v", display, threshold, minIdleThreshold)
	}
	c, err := newXConn(ctx, display)
	if err != nil {
		return nil, err
	}
	setup, err := xwait(ctx, func() (setupResult, error) { return setupSync(c) })
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("display %s: %w", display, err)
	}
	x, idle := setup.x, setup.idle
	w := &IdleWatcher{
		display:   display,
		x:         x,
		mbox:      newChangeMailbox(),
		done:      make(chan struct{}),
		threshold: threshold,
	}
	if w.alarm, err = c.NewId(); err != nil {
		c.Close()
		return nil, fmt.Errorf("display %s: new alarm id: %w", display, err)
	}

	// Already idle past the threshold: Away at once, and the alarm waits for the next input.
	now := time.Now()
	test, value := uint32(syncTestPositiveComparison), threshold.Milliseconds()
	if idle >= threshold {
		w.away = true
		w.mbox.post(IdleChange{Away: true, At: now.Add(-idle)})
		test, value = syncTestNegativeComparison, backValue(idle)
	}
	cookie := x.createAlarm(w.alarm, setup.counter, test, value)
	if _, err := xwait(ctx, func() (struct{}, error) { return struct{}{}, cookie.Check() }); err != nil {
		c.Close()
		return nil, fmt.Errorf("display %s: SYNC CreateAlarm on IDLETIME: %w", display, err)
	}
	w.armSeq = cookie.Sequence

	w.wg.Add(2)
	go func() {
		defer w.wg.Done()
		w.mbox.run(out, w.done)
	}()
	go func() {
		defer w.wg.Done()
		w.readEvents()
	}()
	stop := context.AfterFunc(ctx, func() { w.Close() })
	w.mu.Lock()
	w.stop = stop
	w.mu.Unlock()
	return w, nil
}

// setupResult is what setupSync learns, carried through xwait.
type setupResult struct {
	x       *syncConn
	counter uint32 // the IDLETIME counter
	idle    time.Duration
}

// setupSync initializes SYNC on c, finds the IDLETIME counter and reads it.
func setupSync(c *xgb.Conn) (setupResult, error) {
	x, err := initSync(c)
	if err != nil {
		return setupResult{}, err
	}
	counters, err := x.listSystemCounters()
	if err != nil {
		return setupResult{}, fmt.Errorf("SYNC ListSystemCounters: %w", err)
	}
	counter, ok := counters["IDLETIME"]
	if !ok {
		return setupResult{}, fmt.Errorf("the X server's SYNC extension has no IDLETIME counter (it has %d others)", len(counters))
	}
	ms, err := x.queryCounter(counter)
	if err != nil {
		return setupResult{}, fmt.Errorf("SYNC QueryCounter IDLETIME: %w", err)
	}
	return setupResult{x: x, counter: counter, idle: time.Duration(ms) * time.Millisecond}, nil
}

// backValue is the value of the "back" alarm armed when the idle counter reads idle: a
// NegativeComparison a millisecond below it fires when input resets the counter (and at once
// if it already has), and never while the counter keeps growing.
func backValue(idle time.Duration) int64 {
	return max(idle.Milliseconds()-1, 0)
}

// readEvents handles AlarmNotify events until the connection ends.
func (w *IdleWatcher) readEvents() {
	for {
		ev, xerr := w.x.c.WaitForEvent()
		if ev == nil && xerr == nil {
			w.mu.Lock()
			w.gone = true
			w.mu.Unlock()
			return
		}
		// An X error here answers an unchecked ChangeAlarm: the alarm is unchanged and
		// nothing better can be done than wait for the next event.
		if n, ok := ev.(syncAlarmNotifyEvent); ok && n.alarm == w.alarm {
			w.onAlarm(time.Now(), n)
		}
	}
}

// onAlarm turns a fired alarm into a change and arms the alarm for the opposite one.
func (w *IdleWatcher) onAlarm(now time.Time, n syncAlarmNotifyEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	// Events carry the sequence number of the last request the server had processed: one
	// older than the request that armed the alarm comes from an arming already replaced.
	if w.closed || n.state == syncAlarmDestroyed || int16(n.Sequence-w.armSeq) < 0 {
		return
	}
	idle := time.Duration(n.counterValue) * time.Millisecond
	w.away = !w.away
	w.mbox.post(IdleChange{Away: w.away, At: now.Add(-idle)})
	if w.away {
		w.armSeq = w.x.changeAlarm(w.alarm, syncTestNegativeComparison, backValue(idle), false).Sequence
	} else {
		w.armSeq = w.x.changeAlarm(w.alarm, syncTestPositiveComparison, w.threshold.Milliseconds(), false).Sequence
	}
}

// SetThreshold re-arms the alarms for a new threshold (config reload).
//
// When the person is away, they stay away until their next input; the new threshold counts
// from then on. Otherwise the away alarm is re-armed at once, and fires at once when the
// person has already been idle for the new threshold.
func (w *IdleWatcher) SetThreshold(d time.Duration) error {
	if d < minIdleThreshold {
		return fmt.Errorf("display %s: idle threshold %v is shorter than %v", w.display, d, minIdleThreshold)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return fmt.Errorf("display %s: idle watcher is closed", w.display)
	case w.gone:
		return fmt.Errorf("display %s: idle watcher stopped: the X connection has ended", w.display)
	}
	w.threshold = d
	if w.away {
		return nil
	}
	cookie := w.x.changeAlarm(w.alarm, syncTestPositiveComparison, d.Milliseconds(), true)
	w.armSeq = cookie.Sequence
	if _, err := xwait(context.Background(), func() (struct{}, error) { return struct{}{}, cookie.Check() }); err != nil {
		return fmt.Errorf("display %s: SYNC ChangeAlarm to %v: %w", w.display, d, err)
	}
	return nil
}

// Close destroys the alarms and closes the connection. After Close returns no change is sent.
// It is safe to call more than once, concurrently, and after the X server has gone away.
func (w *IdleWatcher) Close() error {
	w.closeOnce.Do(func() { w.closeErr = w.teardown() })
	return w.closeErr
}

// teardown is Close, once.
func (w *IdleWatcher) teardown() error {
	w.mu.Lock()
	w.closed = true
	gone, stop := w.gone, w.stop
	w.mu.Unlock()
	if stop != nil {
		stop()
	}
	close(w.done)
	var err error
	if !gone {
		cookie := w.x.destroyAlarm(w.alarm)
		_, cerr := xwait(context.Background(), func() (struct{}, error) { return struct{}{}, cookie.Check() })
		// EOF: the server went away meanwhile, and the alarm with it.
		if cerr != nil && !errors.Is(cerr, io.EOF) {
			err = fmt.Errorf("display %s: SYNC DestroyAlarm: %w", w.display, cerr)
		}
	}
	w.x.c.Close()
	w.wg.Wait()
	return err
}

// changeMailbox hands changes to a receiver without ever blocking the sender: it holds the
// latest change not yet delivered, and drops one that would repeat the change last delivered.
type changeMailbox struct {
	mu      sync.Mutex
	pending *IdleChange
	kick    chan struct{}
}

func newChangeMailbox() *changeMailbox {
	return &changeMailbox{kick: make(chan struct{}, 1)}
}

// post replaces the pending change with c; it never blocks.
func (m *changeMailbox) post(c IdleChange) {
	m.mu.Lock()
	m.pending = &c
	m.mu.Unlock()
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// run delivers pending changes to out until done is closed. The receiver is taken to start
// with the person present, so a first change that is not Away is dropped.
func (m *changeMailbox) run(out chan<- IdleChange, done <-chan struct{}) {
	away := false // the last change delivered
	for {
		select {
		case <-done:
			return
		case <-m.kick:
		}
		select {
		case <-done:
			return
		default:
		}
		m.mu.Lock()
		c := m.pending
		m.pending = nil
		m.mu.Unlock()
		if c == nil || c.Away == away {
			continue
		}
		select {
		case out <- *c:
			away = c.Away
		case <-done:
			return
		}
	}
}

// The X SYNC extension, version 3.1, as far as the watcher needs it. xgb v1.1.1 has no
// generated package for it, so the requests are built here from the protocol description
// (the X Synchronization Extension Protocol, and X11/extensions/syncproto.h for the layouts).
const (
	syncExtensionName = "SYNC"

	// Minor opcodes.
	syncInitialize         = 0
	syncListSystemCounters = 1
	syncQueryCounter       = 5
	syncCreateAlarm        = 8
	syncChangeAlarm        = 9
	syncDestroyAlarm       = 11

	// TESTTYPE values (PositiveTransition is 0, NegativeTransition 1).
	syncTestPositiveComparison = 2
	syncTestNegativeComparison = 3

	// VALUETYPE values.
	syncValueAbsolute = 0

	// Alarm attribute mask bits (CA), in the order their values follow a request.
	syncCACounter   = 1 << 0
	syncCAValueType = 1 << 1
	syncCAValue     = 1 << 2
	syncCATestType  = 1 << 3
	syncCADelta     = 1 << 4
	syncCAEvents    = 1 << 5

	// Events, relative to the extension's first event.
	syncAlarmNotify = 1

	// ALARMSTATE values.
	syncAlarmDestroyed = 2
)

// syncErrorNames are the extension's errors, relative to its first error.
var syncErrorNames = []string{"Counter", "Alarm", "Fence"}

// syncConn is a connection on which the SYNC extension has been initialized.
type syncConn struct {
	c     *xgb.Conn
	major byte // the extension's major opcode
}

// syncRegistered records the event and error numbers whose decoders have been put into
// xgb's process-wide registries.
var syncRegistered struct {
	sync.Mutex
	events map[int]bool
	errors map[int]bool
}

// registerSync puts the AlarmNotify and SYNC error decoders into xgb's registries, as a
// generated extension package's Init does; without them xgb drops the event, and an error
// answering a checked request never reaches its cookie. xgb reads these maps unlocked from
// each connection's reader, so each entry is written once per process.
func registerSync(firstEvent, firstError byte) {
	syncRegistered.Lock()
	defer syncRegistered.Unlock()
	if syncRegistered.events == nil {
		syncRegistered.events = map[int]bool{}
		syncRegistered.errors = map[int]bool{}
	}
	if n := int(firstEvent) + syncAlarmNotify; !syncRegistered.events[n] {
		xgb.NewEventFuncs[n] = newSyncAlarmNotifyEvent
		syncRegistered.events[n] = true
	}
	for i, name := range syncErrorNames {
		if n := int(firstError) + i; !syncRegistered.errors[n] {
			xgb.NewErrorFuncs[n] = func(buf []byte) xgb.Error { return newSyncError(name, buf) }
			syncRegistered.errors[n] = true
		}
	}
}

// initSync looks SYNC up on c and sends Initialize, which the protocol requires before any
// other SYNC request.
func initSync(c *xgb.Conn) (*syncConn, error) {
	ext, err := xproto.QueryExtension(c, uint16(len(syncExtensionName)), syncExtensionName).Reply()
	if err != nil {
		return nil, fmt.Errorf("query the SYNC extension: %w", err)
	}
	if ext == nil || !ext.Present {
		return nil, errors.New("the X server has no SYNC extension")
	}
	registerSync(ext.FirstEvent, ext.FirstError)
	x := &syncConn{c: c, major: ext.MajorOpcode}

	// Initialize: CARD8 major version, CARD8 minor version, 2 bytes pad.
	reply, err := x.request(syncInitialize, true, []byte{3, 1, 0, 0}).Reply()
	if err != nil {
		return nil, fmt.Errorf("SYNC Initialize: %w", err)
	}
	if len(reply) < 10 {
		return nil, fmt.Errorf("SYNC Initialize: reply of %d bytes", len(reply))
	}
	if major := reply[8]; major != 3 {
		return nil, fmt.Errorf("SYNC Initialize: server speaks version %d.%d, want 3.x", major, reply[9])
	}
	return x, nil
}

// request sends SYNC request minor with body (a multiple of 4 bytes) as a checked request.
func (x *syncConn) request(minor byte, reply bool, body []byte) *xgb.Cookie {
	return x.send(minor, true, reply, body)
}

// send sends SYNC request minor with body (a multiple of 4 bytes).
func (x *syncConn) send(minor byte, checked, reply bool, body []byte) *xgb.Cookie {
	buf := make([]byte, 4+len(body))
	buf[0] = x.major
	buf[1] = minor
	xgb.Put16(buf[2:], uint16(len(buf)/4)) // length in 4-byte units, header included
	copy(buf[4:], body)
	cookie := x.c.NewCookie(checked, reply)
	x.c.NewRequest(buf, cookie)
	return cookie
}

// listSystemCounters returns the server's system counters by name.
func (x *syncConn) listSystemCounters() (map[string]uint32, error) {
	reply, err := x.request(syncListSystemCounters, true, nil).Reply()
	if err != nil {
		return nil, err
	}
	return parseSystemCounters(reply)
}

// parseSystemCounters reads a ListSystemCounters reply: INT32 count at 8, then from 32 one
// entry per counter: COUNTER id, INT64 resolution (hi, lo), CARD16 name length, the name, and
// padding to a multiple of 4 bytes (of the entry, which starts 4-aligned).
func parseSystemCounters(reply []byte) (map[string]uint32, error) {
	if len(reply) < 32 {
		return nil, fmt.Errorf("reply of %d bytes, want at least 32", len(reply))
	}
	n := int(int32(xgb.Get32(reply[8:])))
	counters := make(map[string]uint32, max(n, 0))
	b := 32
	for i := range n {
		if b+14 > len(reply) {
			return nil, fmt.Errorf("counter %d of %d: entry at byte %d past the reply's %d bytes", i+1, n, b, len(reply))
		}
		id := xgb.Get32(reply[b:])
		nameLen := int(xgb.Get16(reply[b+12:]))
		if b+14+nameLen > len(reply) {
			return nil, fmt.Errorf("counter %d of %d: name of %d bytes past the reply's end", i+1, n, nameLen)
		}
		counters[string(reply[b+14:b+14+nameLen])] = id
		b += xgb.Pad(14 + nameLen) // Pad rounds up to a multiple of 4
	}
	return counters, nil
}

// queryCounter reads counter's value: the reply's INT64 at 8 (hi) and 12 (lo).
func (x *syncConn) queryCounter(counter uint32) (int64, error) {
	body := make([]byte, 4)
	xgb.Put32(body, counter)
	reply, err := x.request(syncQueryCounter, true, body).Reply()
	if err != nil {
		return 0, err
	}
	if len(reply) < 16 {
		return 0, fmt.Errorf("reply of %d bytes, want 16", len(reply))
	}
	return getInt64(reply[8:]), nil
}

// createAlarm sends a checked CreateAlarm for alarm on counter: absolute value, test type
// test, delta 0 (a comparison alarm then goes inactive once it fires), events on.
func (x *syncConn) createAlarm(alarm, counter uint32, test uint32, value int64) *xgb.Cookie {
	mask := uint32(syncCACounter | syncCAValueType | syncCAValue | syncCATestType | syncCADelta | syncCAEvents)
	return x.request(syncCreateAlarm, false, alarmBody(alarm, mask, counter, syncValueAbsolute, value, test, 0, true))
}

// changeAlarm re-arms alarm with a new absolute value and test type; the server makes it
// active again.
func (x *syncConn) changeAlarm(alarm uint32, test uint32, value int64, checked bool) *xgb.Cookie {
	mask := uint32(syncCAValue | syncCATestType)
	return x.send(syncChangeAlarm, checked, false, alarmBody(alarm, mask, 0, 0, value, test, 0, false))
}

// destroyAlarm sends a checked DestroyAlarm.
func (x *syncConn) destroyAlarm(alarm uint32) *xgb.Cookie {
	body := make([]byte, 4)
	xgb.Put32(body, alarm)
	return x.request(syncDestroyAlarm, false, body)
}

// alarmBody is the body of CreateAlarm and ChangeAlarm: ALARM id, CARD32 value mask, then one
// value per bit set in the mask, in bit order, each a CARD32 except the INT64 value and delta,
// which take two (hi, then lo).
func alarmBody(alarm, mask, counter, valueType uint32, value int64, test uint32, delta int64, events bool) []byte {
	words := []uint32{alarm, mask}
	if mask&syncCACounter != 0 {
		words = append(words, counter)
	}
	if mask&syncCAValueType != 0 {
		words = append(words, valueType)
	}
	if mask&syncCAValue != 0 {
		words = append(words, uint32(uint64(value)>>32), uint32(value))
	}
	if mask&syncCATestType != 0 {
		words = append(words, test)
	}
	if mask&syncCADelta != 0 {
		words = append(words, uint32(uint64(delta)>>32), uint32(delta))
	}
	if mask&syncCAEvents != 0 {
		e := uint32(0)
		if events {
			e = 1
		}
		words = append(words, e)
	}
	body := make([]byte, 4*len(words))
	for i, w := range words {
		xgb.Put32(body[4*i:], w)
	}
	return body
}

// getInt64 reads a SYNC INT64: INT32 hi, then CARD32 lo.
func getInt64(b []byte) int64 {
	return int64(uint64(xgb.Get32(b))<<32 | uint64(xgb.Get32(b[4:])))
}

// syncAlarmNotifyEvent is SYNC's AlarmNotify event.
type syncAlarmNotifyEvent struct {
	Sequence     uint16
	alarm        uint32
	counterValue int64
	alarmValue   int64
	time         uint32 // server time, ms
	state        byte
	raw          []byte
}

// newSyncAlarmNotifyEvent decodes AlarmNotify: BYTE type, BYTE kind, CARD16 sequence, ALARM,
// INT64 counter value, INT64 alarm value, TIMESTAMP, ALARMSTATE, 3 bytes pad.
func newSyncAlarmNotifyEvent(buf []byte) xgb.Event {
	return syncAlarmNotifyEvent{
		Sequence:     xgb.Get16(buf[2:]),
		alarm:        xgb.Get32(buf[4:]),
		counterValue: getInt64(buf[8:]),
		alarmValue:   getInt64(buf[16:]),
		time:         xgb.Get32(buf[24:]),
		state:        buf[28],
		raw:          append([]byte(nil), buf[:32]...),
	}
}

func (e syncAlarmNotifyEvent) Bytes() []byte { return e.raw }

func (e syncAlarmNotifyEvent) String() string {
	return fmt.Sprintf("SyncAlarmNotify {Sequence: %d, Alarm: %d, CounterValue: %d, AlarmValue: %d, Time: %d, State: %d}",
		e.Sequence, e.alarm, e.counterValue, e.alarmValue, e.time, e.state)
}

// syncError is one of SYNC's errors (Counter, Alarm, Fence): a bad resource id.
type syncError struct {
	name     string
	sequence uint16
	badID    uint32
}

// newSyncError decodes an X error: BYTE 0, BYTE code, CARD16 sequence, CARD32 bad id.
func newSyncError(name string, buf []byte) xgb.Error {
	return syncError{name: name, sequence: xgb.Get16(buf[2:]), badID: xgb.Get32(buf[4:])}
}

func (e syncError) SequenceId() uint16 { return e.sequence }
func (e syncError) BadId() uint32      { return e.badID }
func (e syncError) Error() string {
	return fmt.Sprintf("SYNC Bad%s error for id %d (sequence %d)", e.name, e.badID, e.sequence)
}
