// Package parallel runs the same work over many items on a few goroutines:
// loading, converting, rendering and writing pages are each such work.
package parallel

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// Do runs f for 0..n-1 on workers goroutines, stopping at the first error
// or when ctx is done, and returns that error.
func Do(ctx context.Context, workers, n int, f func(i int) error) error {
	return Each(ctx, workers, n, func(_, i int) error { return f(i) })
}

// Each is Do telling f which of the goroutines, 0..workers-1, runs it: one
// goroutine runs one item at a time, so state kept per goroutine needs no
// lock. A panic in f stops the rest, as an error does, and is raised again
// in the caller's goroutine as a *Panic, where it can be recovered: in a
// worker's, it would end the process.
func Each(ctx context.Context, workers, n int, f func(w, i int) error) error {
	if n == 0 {
		return ctx.Err()
	}
	workers = max(1, min(workers, n))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		panicked *Panic
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
				if p := recover(); p != nil {
					mu.Lock()
					if panicked == nil {
						panicked = &Panic{Value: p, Stack: debug.Stack()}
						firstErr = panicked
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

// Panic is a worker's panic, raised again in the goroutine that called Do
// or Each. Stack is the worker's, where the panic happened.
type Panic struct {
	Value any
	Stack []byte
}

// Error says what panicked and where, as Go does for a panic no one
// recovers, so that a crash still shows the worker's stack.
func (p *Panic) Error() string { return fmt.Sprintf("%v\n\n%s", p.Value, p.Stack) }
