package parallel

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

func TestDo(t *testing.T) {
	for _, tc := range []struct {
		name       string
		workers, n int
		failAt     int // -1: never
		wantErr    bool
	}{
		{"none", 4, 0, -1, false},
		{"fewer items than workers", 8, 3, -1, false},
		{"many", 3, 1000, -1, false},
		{"no workers asked for", 0, 10, -1, false},
		{"an error stops the rest", 2, 1000, 10, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := make([]atomic.Int32, tc.n)
			var done atomic.Int32
			err := Do(context.Background(), tc.workers, tc.n, func(i int) error {
				seen[i].Add(1)
				done.Add(1)
				if i == tc.failAt {
					return errors.New("boom")
				}
				return nil
			})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr {
				if int(done.Load()) == tc.n {
					t.Error("every item ran after an error")
				}
				return
			}
			for i := range seen {
				if n := seen[i].Load(); n != 1 {
					t.Errorf("item %d ran %d times", i, n)
				}
			}
		})
	}
}

func TestDoCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := Do(ctx, 2, 5, func(int) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("err = %v, ran = %v", err, ran)
	}
}

func TestEachWorkers(t *testing.T) {
	const workers, n = 3, 300
	busy := make([]atomic.Bool, workers)
	err := Each(context.Background(), workers, n, func(w, i int) error {
		if w < 0 || w >= workers {
			t.Errorf("worker %d of %d", w, workers)
			return nil
		}
		if !busy[w].CompareAndSwap(false, true) {
			t.Errorf("worker %d runs two items at once", w)
		}
		busy[w].Store(false)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPanicReachesCaller makes one item panic: the panic is raised again
// in the goroutine that called Do, where it can be recovered (the preview's
// rebuild loop does), instead of ending the process from a worker's.
func TestPanicReachesCaller(t *testing.T) {
	var p any
	func() {
		defer func() { p = recover() }()
		Do(context.Background(), 4, 100, func(i int) error {
			if i == 7 {
				panic("boom")
			}
			return nil
		})
	}()
	wp, ok := p.(*Panic)
	if !ok || wp.Value != "boom" || !strings.Contains(string(wp.Stack), "parallel_test.go") {
		t.Fatalf("recovered %v, want a *Panic of boom with the worker's stack", p)
	}
}
