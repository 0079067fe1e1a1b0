// Command plansite publishes a plan, written as Markdown pages with front
// matter, as a static website; see README.md.
package main

import "plansite/internal/cli"

func main() { cli.Main() }
