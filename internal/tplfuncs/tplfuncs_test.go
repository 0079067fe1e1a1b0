package tplfuncs

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestSeq(t *testing.T) {
	for _, c := range []struct {
		args []any
		want []int
		err  bool
	}{
		{[]any{3}, []int{1, 2, 3}, false},
		{[]any{-2}, []int{-1, -2}, false},
		{[]any{0}, nil, true},
		{[]any{2, 5}, []int{2, 3, 4, 5}, false},
		{[]any{5, 2}, []int{5, 4, 3, 2}, false},
		{[]any{4, 4}, []int{4}, false},
		{[]any{1, 3, 10}, []int{1, 4, 7, 10}, false},
		{[]any{1, 3, 9}, []int{1, 4, 7}, false},
		{[]any{10, -4, 1}, []int{10, 6, 2}, false},
		{[]any{"3"}, []int{1, 2, 3}, false},
		{[]any{MaxSeq}, nil, false},
		{[]any{MaxSeq + 1}, nil, true},
		{[]any{1, 0, 5}, nil, true},
		{[]any{1, -1, 5}, nil, true},
		{[]any{"x"}, nil, true},
		{[]any{}, nil, true},
		// Bounds that overflowed the old length check into a loop without end.
		{[]any{math.MinInt, math.MaxInt}, nil, true},
		{[]any{math.MaxInt}, nil, true},
		{[]any{math.MaxInt - 1, math.MaxInt}, []int{math.MaxInt - 1, math.MaxInt}, false},
		{[]any{math.MinInt + 1, math.MinInt}, []int{math.MinInt + 1, math.MinInt}, false},
		{[]any{math.MinInt, math.MaxInt, math.MaxInt}, []int{math.MinInt, -1, math.MaxInt - 1}, false},
		{[]any{1e300}, nil, true},
		{[]any{uint64(math.MaxUint64)}, nil, true},
	} {
		got, err := Seq(c.args...)
		if (err != nil) != c.err {
			t.Errorf("seq %v: err = %v", c.args, err)
			continue
		}
		if c.want != nil && !slices.Equal(got, c.want) {
			t.Errorf("seq %v = %v, want %v", c.args, got, c.want)
		}
		if len(c.args) == 1 && c.args[0] == MaxSeq && len(got) != MaxSeq {
			t.Errorf("seq %d made %d numbers", MaxSeq, len(got))
		}
	}
}

func TestReplaceBounded(t *testing.T) {
	if got, err := replace("a-b-c", "-", "+"); err != nil || got != "a+b+c" {
		t.Errorf("replace = %q, %v", got, err)
	}
	if got, err := replace("abc", "", "."); err != nil || got != ".a.b.c." {
		t.Errorf("replace with empty old = %q, %v", got, err)
	}
	big := strings.Repeat("x", 1<<20)
	if _, err := replace(big, "", big); err == nil {
		t.Error("replace made a text of a million times a million bytes")
	}
	if _, err := replace(big, "x", "yy"); err != nil {
		t.Errorf("replace doubling a megabyte: %v", err)
	}
}
