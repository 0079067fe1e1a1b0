package build

import (
	"context"
	"sort"

	"plansite/internal/parallel"
	"plansite/internal/sharecard"
)

// publishCards draws the share cards the pages' last renders asked for and
// puts them in the output. A card is drawn once: kept from the last build
// by its name, which is a hash of what it shows, and in the image cache
// between builds.
func (b *Builder) publishCards(x extraPut) error {
	want := map[string]*sharecard.Card{}
	for _, rd := range b.renders.byKey {
		for _, c := range rd.deps.Cards {
			want[c.Out] = c.Card
		}
	}
	names := make([]string, 0, len(want))
	for out := range want {
		names = append(names, out)
	}
	sort.Strings(names)
	drawn := make([][]byte, len(names))
	err := parallel.Do(context.Background(), b.opts.Workers, len(names), func(i int) error {
		if png, ok := b.cards[names[i]]; ok {
			drawn[i] = png
			return nil
		}
		key := "card-" + want[names[i]].Name()
		if png, ok := b.imgs.proc.Cache().Get(key); ok {
			drawn[i] = png
			return nil
		}
		png, err := want[names[i]].Draw()
		if err != nil {
			return err
		}
		b.imgs.proc.Cache().Put(key, png)
		drawn[i] = png
		return nil
	})
	if err != nil {
		return err
	}
	b.cards = make(map[string][]byte, len(names))
	for i, out := range names {
		b.cards[out] = drawn[i]
		if err := x.put(out, drawn[i]); err != nil {
			return err
		}
	}
	return nil
}
