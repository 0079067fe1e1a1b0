package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// signalContext is cancelled on Ctrl-C or SIGTERM, so that a build stops
// cleanly (leaving DEST as it was) and the server shuts down. It says at
// once that it heard, since a build may take a moment to stop.
//
// A build can also take far longer than a moment: a template that loops
// does not look at the context. So a second signal calls exit at once,
// with the status of a process the signal ended (130 for Ctrl-C). DEST is
// still as it was, since nothing is published until the end; the folder
// the build was writing is removed by the next build.
func signalContext(stderr io.Writer, exit func(code int)) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	stopped := make(chan struct{})
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			cancel()
			fmt.Fprintf(stderr, "plansite: %v received, stopping (press Ctrl-C again to stop at once)\n", s)
		case <-stopped:
			return
		}
		select {
		case s := <-sigs:
			fmt.Fprintf(stderr, "plansite: %v received again, stopping at once\n", s)
			exit(128 + signalNumber(s))
		case <-stopped:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(stopped)
		})
		cancel()
	}
}

// signalNumber is s's number, which shells add to 128 for the exit status
// of a process a signal ended.
func signalNumber(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return int(n)
	}
	return int(syscall.SIGINT)
}
