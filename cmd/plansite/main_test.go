package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"plansite/internal/cli"
)

// TestMain lets scripts run this test binary as the real plansite command,
// and removes the binary the other tests built once they are done.
func TestMain(m *testing.M) {
	testscript.Main(removingBinary{m}, map[string]func(){"plansite": cli.Main})
}

// removingBinary runs the tests, then removes the binary they built and
// closes the browser they shared. (testscript.Main exits when they are
// done, so it cannot be deferred.)
type removingBinary struct{ m *testing.M }

func (r removingBinary) Run() int {
	defer removeBinary()
	defer stopChromium()
	return r.m.Run()
}

// TestScripts runs the command-line scenarios in testdata/script: each is
// a site as a txtar archive and the commands a user would type.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
