package daemon

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
)

// TestReloadOffTheLoop: while a reload reads and parses a slow config, the loop goes on
// answering (issue 15: a config of 80k keys took 7.7 s to parse, on the loop).
func TestReloadOffTheLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		release := make(chan struct{})
		h := startWith(t, cfg, &fakeNotifier{}, &fakeStore{}, func(o *Options) {
			o.Reload = func() (*config.Config, error) {
				<-release // parsing
				return cfg, nil
			}
		})
		reloaded := make(chan error, 1)
		go func() {
			_, err := h.d.Act(context.Background(), api.Do(api.Reload))
			reloaded <- err
		}()
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := h.d.Snapshot(ctx); err != nil {
			t.Errorf("a snapshot while the config is being parsed: %v", err)
		}
		close(release)
		if err := <-reloaded; err != nil {
			t.Errorf("reload: %v", err)
		}
		h.stop()
	})
}
