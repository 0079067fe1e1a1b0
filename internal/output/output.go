// Package output keeps what a build publishes: the files the current sources
// make, which of them differ from the last publication, and the publishing
// itself, either in memory (for the preview) or into a folder beside DEST
// that is swapped in whole, so that DEST is only ever one complete build.
package output

import (
	"bytes"
	"context"
	"errors"
	"hash/maphash"
	"path/filepath"
	"sort"
	"sync"

	"plansite/internal/parallel"
)

// Options say where the output goes.
type Options struct {
	Src  string // the site folder, which DEST may not overwrite
	Dest string // the folder published to, unless InMemory
	// CleanDest lets a build replace a DEST holding files it did not write.
	CleanDest bool
	InMemory  bool
	Workers   int // for taking unchanged files from the old DEST
}

// Store is a site's output across builds. Put may be called from many
// goroutines; the other methods are called by one build at a time.
type Store struct {
	opts Options
	seed maphash.Seed
	// dest is the folder a publication replaces, found by Stage.
	dest string

	mu sync.Mutex
	// current is every output of the current sources, as a hash; pending
	// holds, in memory, the bytes of those that differ from the last
	// publication.
	current map[string]uint64
	pending map[string][]byte
	// published is the last publication, by hash, and in memory its bytes.
	published map[string]uint64
	mem       map[string][]byte
	// touched are the outputs this build changed; changed those that
	// changed since the last publication.
	touched map[string]bool
	changed map[string]bool
	stage   *staging
	// lock is the store's hold on DEST, from its first full build until
	// it is closed.
	lock *destLock
}

// New makes an empty store.
func New(opts Options) *Store {
	return &Store{opts: opts, seed: maphash.MakeSeed(), current: map[string]uint64{},
		pending: map[string][]byte{}, touched: map[string]bool{}, changed: map[string]bool{}}
}

// Stage starts a build. A full build forgets every output, so that what it
// puts is all there is; it first makes sure DEST may be replaced, and that
// no other build is building into it.
func (s *Store) Stage(full bool) error {
	s.touched = map[string]bool{}
	if !full {
		return nil
	}
	if !s.opts.InMemory {
		if err := s.claim(); err != nil {
			return err
		}
	}
	s.current = map[string]uint64{}
	s.pending = map[string][]byte{}
	s.changed = map[string]bool{}
	s.published = nil
	s.discard()
	return nil
}

// claim makes DEST the store's until it is closed, and checks that DEST may
// be replaced. The folder's path is checked before the lock is taken, so
// that no lock file is ever made beside a home or system folder; what it
// holds, after, so that it is not read while another build swaps it.
// Holding the lock, the store removes what dead builds left beside DEST.
func (s *Store) claim() error {
	if err := checkPlace(s.opts.Src, s.opts.Dest); err != nil {
		return err
	}
	if s.lock == nil {
		dest := destDir(s.opts.Dest)
		l, err := lockDest(dest)
		if busy, ok := err.(*BusyError); ok {
			busy.Dest = s.opts.Dest
		}
		if err != nil {
			return err
		}
		s.lock, s.dest = l, dest
		l.removeOrphans(dest)
	}
	return checkContents(s.opts.Dest, s.dest, s.opts.CleanDest)
}

// Put records an output of the current sources. When it differs from what
// the store had, it is kept for publishing: in memory, or written at once
// to the staging folder. reused says the caller will reuse data's memory
// once Put returns, so data kept in memory must be copied.
func (s *Store) Put(name string, data []byte, reused bool) error {
	h := maphash.Bytes(s.seed, data)
	s.mu.Lock()
	old, ok := s.current[name]
	s.current[name] = h
	if ok && old == h {
		s.mu.Unlock()
		return nil
	}
	s.touched[name] = true
	s.changed[name] = true
	if s.opts.InMemory {
		if reused {
			data = bytes.Clone(data)
		}
		s.pending[name] = data
		s.mu.Unlock()
		return nil
	}
	st, err := s.staging()
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return st.put(name, data)
}

// Keep drops every output that is not live: the current sources no longer
// make it.
func (s *Store) Keep(live map[string]bool) {
	for name := range s.current {
		if !live[name] {
			delete(s.current, name)
			delete(s.pending, name)
			s.touched[name] = true
			s.changed[name] = true
		}
	}
}

// Has reports whether the current sources make an output.
func (s *Store) Has(name string) bool {
	_, ok := s.current[name]
	return ok
}

// Touched are the outputs this build put anew or dropped. The map is the
// store's: read it, don't keep it.
func (s *Store) Touched() map[string]bool { return s.touched }

// Changed lists the outputs that differ from the last publication, sorted.
func (s *Store) Changed() []string {
	var out []string
	for name := range s.changed {
		h, now := s.current[name]
		old, before := s.published[name]
		if now != before || h != old {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// Files is the last publication, by slash path, when the store keeps it in
// memory. The map is never changed: a publication makes a new one, so a
// server may keep serving it while the next build runs.
func (s *Store) Files() map[string][]byte { return s.mem }

// Publish makes the current output the published one: in memory, or by
// completing the staging folder and swapping it in for DEST. A
// *LeftoverError says the output is published, but the one it replaced is
// left beside DEST.
func (s *Store) Publish() error {
	var leftover error
	if s.opts.InMemory {
		mem := make(map[string][]byte, len(s.current))
		for name, data := range s.mem {
			if _, ok := s.current[name]; ok {
				mem[name] = data
			}
		}
		for name, data := range s.pending {
			mem[name] = data
		}
		s.mem = mem
		s.pending = map[string][]byte{}
	} else if err := s.commit(); err != nil {
		if !errors.As(err, new(*LeftoverError)) {
			return err
		}
		leftover = err
	}
	if s.published == nil {
		s.published = make(map[string]uint64, len(s.current))
	}
	for name := range s.changed {
		if h, ok := s.current[name]; ok {
			s.published[name] = h
		} else {
			delete(s.published, name)
		}
	}
	s.changed = map[string]bool{}
	return leftover
}

// Close removes what an unpublished build left beside DEST, and lets DEST
// go.
func (s *Store) Close() error {
	s.discard()
	if s.lock != nil {
		s.lock.release()
		s.lock = nil
	}
	return nil
}

func (s *Store) discard() {
	if s.stage != nil {
		s.stage.discard()
		s.stage = nil
	}
}

// staging is the folder the next publication is written to, made on first
// use. s.mu is held.
func (s *Store) staging() (*staging, error) {
	if s.stage == nil {
		st, err := newStaging(s.dest)
		if err != nil {
			return nil, err
		}
		st.workers = s.opts.Workers
		s.stage = st
	}
	return s.stage, nil
}

// commit completes the staging folder with the unchanged files, taken from
// the published DEST by hard link, and swaps it in.
func (s *Store) commit() error {
	s.mu.Lock()
	st, err := s.staging()
	s.mu.Unlock()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(s.current))
	for n := range s.current {
		if !st.has(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	err = parallel.Do(context.Background(), s.opts.Workers, len(names), func(i int) error {
		return st.link(filepath.Join(s.dest, filepath.FromSlash(names[i])), names[i])
	})
	if err == nil {
		err = st.commit(s.dest, s.current)
	}
	s.stage = nil
	if err != nil && !errors.As(err, new(*LeftoverError)) {
		st.discard()
	}
	return err
}
