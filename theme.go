// Package plansite holds the default theme, embedded in the binary so that a
// site folder with only content/ and site.toml builds; the tool itself is in
// cmd/plansite and internal/.
package plansite

import "embed"

// Theme is the default theme: layouts/ and assets/.
//
//go:embed all:layouts all:assets
var Theme embed.FS
