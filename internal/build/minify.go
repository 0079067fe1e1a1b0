package build

// minifier returns the transform that minifies assets, or nil.
func (b *Builder) minifier() func(string, []byte) ([]byte, error) {
	return nil
}
