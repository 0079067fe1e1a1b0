package cli

import (
	"context"
	"fmt"
	"time"

	"plansite/internal/build"
)

func (a *App) serve(ctx context.Context, args []string) int {
	fmt.Fprintln(a.Stderr, "plansite serve: not built yet")
	return ExitUsage
}

func (a *App) watchBuild(ctx context.Context, opts build.Options, poll time.Duration) int {
	fmt.Fprintln(a.Stderr, "plansite build --watch: not built yet")
	return ExitUsage
}
