package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"plansite/internal/cli"
)

// TestMain lets scripts run this test binary as the real plansite command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"plansite": cli.Main})
}

// TestScripts runs the command-line scenarios in testdata/script: each is
// a site as a txtar archive and the commands a user would type.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
