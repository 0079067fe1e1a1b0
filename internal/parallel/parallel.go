// Package parallel runs the same work over many items on a few goroutines:
// loading, converting, rendering and writing pages are each such work.
package parallel

import (
	"context"
	"errors"
	"sync"
)

// Do runs f for 0..n-1 on workers goroutines, stopping at the first error
// or when ctx is done, and returns that error.
func Do(ctx context.Context, workers, n int, f func(i int) error) error {
	return Each(ctx, workers, n, func(_, i int) error { return f(i) })
}

// Each is Do telling f which of the goroutines, 0..workers-1, runs it: one
// goroutine runs one item at a time, so state kept per goroutine needs no
// lock. A panic in f stops the rest and is raised again in the caller's
// goroutine, as a plain loop would raise it, so that a caller that recovers
// (the preview, which must not die) can.
func Each(ctx context.Context, workers, n int, f func(w, i int) error) error {
	if n == 0 {
		return ctx.Err()
	}
	workers = max(1, min(workers, n))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		panicked any
		next     int
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr != nil || next >= n {
			return 0, false
		}
		if err := ctx.Err(); err != nil {
			firstErr = err
			return 0, false
		}
		i := next
		next++
		return i, true
	}
	for w := range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if panicked == nil {
						panicked = r
					}
					if firstErr == nil {
						firstErr = errPanicked
					}
					mu.Unlock()
				}
			}()
			for {
				i, ok := take()
				if !ok {
					return
				}
				if err := f(w, i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	return firstErr
}

// errPanicked stops the other goroutines once one has panicked.
var errPanicked = errors.New("a worker panicked")
