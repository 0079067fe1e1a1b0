package cli

import (
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a strings.Builder for writers on other goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSecondSignalExits sends this process Ctrl-C twice: the first
// cancels the context and says so, the second exits at once, with 130,
// for a build that does not stop by itself (a template that loops).
func TestSecondSignalExits(t *testing.T) {
	var out syncBuffer
	var sent atomic.Int32
	exits := make(chan int32, 2)
	ctx, stop := signalContext(&out, func(code int) { exits <- sent.Load()*1000 + int32(code) })
	defer stop()
	interrupt := func() {
		t.Helper()
		sent.Add(1)
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
	}
	interrupt()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl-C did not cancel the context")
	}
	interrupt()
	select {
	case got := <-exits:
		if got != 2*1000+130 {
			t.Errorf("exit(%d) after signal %d, want exit(130) after the second", got%1000, got/1000)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the second Ctrl-C did not exit; plansite said:\n%s", out.String())
	}
	for _, want := range []string{"interrupt received, stopping (press Ctrl-C again to stop at once)", "interrupt received again, stopping at once"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plansite said:\n%s\nwant %q", out.String(), want)
		}
	}
}
