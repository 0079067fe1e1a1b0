// Package plansite holds the default theme, embedded in the binary so that a
// site folder with only content/ and site.toml builds; the tool itself is in
// cmd/plansite and internal/.
package plansite

import "embed"

// Theme is the default theme: layouts/, assets/, and its strings in each
// language, i18n/.
//
//go:embed all:layouts all:assets all:i18n
var Theme embed.FS
