package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// signalContext is cancelled on Ctrl-C or SIGTERM, so that a build stops
// cleanly (leaving DEST as it was) and the server shuts down. It says at
// once that it heard, since a build may take a moment to stop.
func signalContext(stderr io.Writer) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			cancel()
			fmt.Fprintf(stderr, "plansite: %v received, stopping\n", s)
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel()
	}
}
