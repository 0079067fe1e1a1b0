package cli

import (
	"runtime/debug"
	"testing"

	"plansite/internal/build"
)

// TestFitGC checks the garbage collector's pace for sites of each size, and
// that a GOGC in the environment is left alone.
func TestFitGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	for _, tc := range []struct{ files, want int }{
		{0, 400}, {24, 400}, {smallSite, 400}, {smallSite + 1, 50}, {10000, 50},
	} {
		debug.SetGCPercent(100)
		var o build.Options
		fitGC(&o)
		if o.Listed == nil {
			t.Fatal("fitGC set no Listed hook")
		}
		o.Listed(tc.files)
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("%d content files: GOGC %d, want %d", tc.files, got, tc.want)
		}
	}

	t.Setenv("GOGC", "75")
	debug.SetGCPercent(75)
	var o build.Options
	fitGC(&o)
	if o.Listed != nil {
		t.Error("with GOGC set, fitGC still set a Listed hook")
	}
	if got := debug.SetGCPercent(75); got != 75 {
		t.Errorf("with GOGC=75 set, fitGC changed the pace to %d", got)
	}
}
