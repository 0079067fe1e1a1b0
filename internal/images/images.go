// Package images sizes the raster images a page shows: it reads their
// dimensions (EXIF orientation applied) without decoding their pixels, and
// makes smaller copies for a srcset with a high-quality filter, never
// larger than the original, in the original's format. Copies are made once
// per content: kept in memory and in a cache folder keyed by the source's
// hash and the settings, whose entries are checked before use.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // dimensions of GIF images
	"image/jpeg"
	"image/png"
	"path"
	"regexp"
	"strings"
	"sync"

	_ "golang.org/x/image/webp" // dimensions of WebP images
)

// Settings are how copies are made. They are part of every cache key.
type Settings struct {
	// Column is the width in CSS pixels of the content column: an image
	// wider than it gets smaller copies.
	Column int
	// Widths are the widths of the copies, narrowest first; an image gets
	// those narrower than itself. The widest is the most any page loads.
	Widths []int
	// Sizes is the sizes attribute that tells a browser how wide the
	// image is shown.
	Sizes string
	// Quality is the JPEG quality of copies.
	Quality int
	// MaxPixels is the most pixels an image may have: decoding one takes
	// four bytes a pixel.
	MaxPixels int
}

// Defaults are settings that fit the default theme's column of 42rem: a
// new value each time, so that no caller changes another's.
func Defaults() Settings {
	return Settings{
		Column:    800,
		Widths:    []int{400, 800, 1200, 1600},
		Sizes:     "(min-width: 46rem) 42rem, calc(100vw - 2rem)",
		Quality:   82,
		MaxPixels: 25_000_000,
	}
}

// version changes when copies are made differently, so that no cache
// entry made by an older plansite is used.
const version = "1"

// Image is a raster image as a page shows it.
type Image struct {
	Name          string // content path: "updates/chart.png"
	Format        string // png, jpeg, gif or webp
	Width, Height int    // as shown, EXIF orientation applied
	Size          int    // bytes of the original
	// Copies are the smaller copies, narrowest first, published beside
	// the original; Src, when set, is the copy a page loads in place of
	// an original wider than any page needs.
	Copies []Copy
	Src    *Copy
	Sizes  string
}

// Served is the size in bytes of the largest file a page may load for the
// image: what a reader on a fast screen waits for.
func (im *Image) Served() int {
	if im.Src != nil {
		return len(im.Src.Data)
	}
	return im.Size
}

// Copy is a smaller copy of an image.
type Copy struct {
	Name          string // content path, fingerprinted: "updates/chart-800w.1a2b3c4d5e.png"
	Width, Height int
	Data          []byte
}

// Raster reports whether a file is an image this package sizes; SVG and
// other files are left as they are.
func Raster(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		return true
	}
	return false
}

// Processor sizes images and makes their copies, each once. It is safe
// for concurrent use.
type Processor struct {
	set   Settings
	cache *Cache
	mu    sync.Mutex
	// memo is what was made of each image, for the last bytes it was
	// given: a new version replaces the one before, so that a long
	// preview does not keep every version of an image it saw.
	memo map[string]*entry
	// decoding allows one image's pixels in memory at a time.
	decoding chan struct{}
}

type entry struct {
	sum [32]byte // of the image's bytes
	// head is the image sized, without its copies, and orient its EXIF
	// orientation; im is the image with its copies.
	probed  sync.Once
	head    *Image
	orient  int
	headErr error
	once    sync.Once
	im      *Image
	err     error
}

// New makes a processor. cache may be nil: copies are then made afresh.
func New(set Settings, cache *Cache) *Processor {
	return &Processor{set: set, cache: cache, memo: map[string]*entry{}, decoding: make(chan struct{}, 1)}
}

// Cache is the processor's cache, which may be nil (and keeps nothing).
func (p *Processor) Cache() *Cache { return p.cache }

// Process sizes the image name whose bytes are data, making its copies.
func (p *Processor) Process(name string, data []byte) (*Image, error) {
	e := p.entry(name, data)
	e.once.Do(func() {
		head, err := p.probe(e, name, data)
		if err != nil {
			e.err = err
			return
		}
		if (head.Format != "png" && head.Format != "jpeg") || head.Width <= p.set.Column {
			e.im = head // GIFs may move, WebP has no encoder here
			return
		}
		im := *head
		e.im, e.err = &im, p.copies(&im, data, e.sum, e.orient)
	})
	return e.im, e.err
}

// Probe sizes the image name whose bytes are data, as Process does, but
// makes no copies: for a page's share image, whose size its head gives.
// The Image it returns has none.
func (p *Processor) Probe(name string, data []byte) (*Image, error) {
	return p.probe(p.entry(name, data), name, data)
}

// entry is what the processor keeps of the image name whose bytes are data.
func (p *Processor) entry(name string, data []byte) *entry {
	sum := sha256.Sum256(data)
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.memo[name]
	if e == nil || e.sum != sum {
		e = &entry{sum: sum}
		p.memo[name] = e
	}
	return e
}

// probe sizes an image once, reading its header, not its pixels.
func (p *Processor) probe(e *entry, name string, data []byte) (*Image, error) {
	e.probed.Do(func() { e.head, e.orient, e.headErr = p.size(name, data) })
	return e.head, e.headErr
}

// size reads an image's format, size and EXIF orientation.
func (p *Processor) size(name string, data []byte) (*Image, int, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, decodeError(err)
	}
	if px := cfg.Width * cfg.Height; cfg.Width <= 0 || cfg.Height <= 0 || px > p.set.MaxPixels || cfg.Width > 1<<15 || cfg.Height > 1<<15 {
		return nil, 0, fmt.Errorf("the image is %d×%d pixels (%.1f megapixels), more than the %d megapixels plansite resizes: save it smaller (%d pixels wide is plenty)",
			cfg.Width, cfg.Height, float64(cfg.Width)*float64(cfg.Height)/1e6, p.set.MaxPixels/1_000_000, p.set.Widths[len(p.set.Widths)-1])
	}
	if !whole(data, format) {
		return nil, 0, errors.New("the image is cut short (truncated): save or copy it again")
	}
	orient := 1
	if format == "jpeg" {
		orient = orientation(data)
	}
	im := &Image{Name: name, Format: format, Width: cfg.Width, Height: cfg.Height, Size: len(data), Sizes: p.set.Sizes}
	if orient >= 5 {
		im.Width, im.Height = im.Height, im.Width // turned a quarter
	}
	return im, orient, nil
}

// copies makes the image's smaller copies, from the cache when it has them:
// sum, the hash of its bytes, keys them there.
func (p *Processor) copies(im *Image, data []byte, sum [32]byte, orient int) error {
	var img image.Image
	for _, w := range p.set.Widths {
		if w >= im.Width {
			break
		}
		h := max(1, (im.Height*w+im.Width/2)/im.Width)
		key := fmt.Sprintf("%s-v%s-%s-%dx%d-o%d-q%d", hex.EncodeToString(sum[:]), version, im.Format, w, h, orient, p.set.Quality)
		out, ok := p.cache.Get(key)
		if !ok {
			if img == nil {
				var err error
				if img, err = p.decode(data, orient); err != nil {
					return err
				}
			}
			var err error
			if out, err = encode(resize(img, w, h), im.Format, p.set.Quality); err != nil {
				return err
			}
			p.cache.Put(key, out)
		}
		im.Copies = append(im.Copies, Copy{Name: copyName(im.Name, w, out), Width: w, Height: h, Data: out})
	}
	if im.Width > p.set.Widths[len(p.set.Widths)-1] && len(im.Copies) > 0 {
		im.Src = &im.Copies[len(im.Copies)-1]
	}
	return nil
}

// decode reads an image's pixels, upright, one image at a time.
func (p *Processor) decode(data []byte, orient int) (image.Image, error) {
	p.decoding <- struct{}{}
	defer func() { <-p.decoding }()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(err)
	}
	return upright(img, orient), nil
}

// copyName is a copy's content path: the original's, with the width and a
// hash of the copy's bytes.
func copyName(name string, w int, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return fmt.Sprintf("%s-%dw.%s%s", strings.TrimSuffix(name, ext), w, hex.EncodeToString(sum[:5]), ext)
}

func encode(img image.Image, format string, quality int) ([]byte, error) {
	var b bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: quality})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img)
	}
	return b.Bytes(), err
}

// decodeError says what is wrong with a file that is not a whole image.
func decodeError(err error) error {
	switch {
	case errors.Is(err, image.ErrFormat):
		return errors.New("the file is not a PNG, JPEG, GIF or WebP image that plansite can read")
	case strings.Contains(err.Error(), "EOF"):
		return errors.New("the image is cut short (truncated): save or copy it again")
	}
	return fmt.Errorf("the image cannot be read (%v): save it again", err)
}

// Sources are what a page's <img> of an image says of its files.
type Sources struct {
	// Src is the file the page loads: the original, or the copy that
	// stands in for an original wider than any page needs.
	Src string
	// SrcSet and Sizes are "" for an image without copies.
	SrcSet, Sizes string
}

// Sources are the files of an image published at URL u
// ("/plan/updates/chart.png"), for Markdown's images and shortcodes'
// alike.
func (im *Image) Sources(u string) Sources {
	dir := u[:strings.LastIndexByte(u, '/')+1]
	s := Sources{Src: u, SrcSet: im.srcSet(dir)}
	if im.Src != nil {
		s.Src = dir + path.Base(im.Src.Name)
	}
	if s.SrcSet != "" {
		s.Sizes = im.Sizes
	}
	return s
}

// srcSet is the srcset of an image published in the folder at URL dir
// ("/plan/updates/"): its copies and, when pages may load it, the
// original; "" for an image without copies.
func (im *Image) srcSet(dir string) string {
	if len(im.Copies) == 0 {
		return ""
	}
	var b strings.Builder
	for i, c := range im.Copies {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s%s %dw", dir, path.Base(c.Name), c.Width)
	}
	if im.Src == nil {
		fmt.Fprintf(&b, ", %s%s %dw", dir, path.Base(im.Name), im.Width)
	}
	return b.String()
}

// MaxServed is the most an image a page loads should weigh: more takes
// seconds on a phone's connection.
const MaxServed = 500 << 10

// TooBig says that an image is over MaxServed as readers get it.
func TooBig(im *Image) string {
	return fmt.Sprintf("image %s is %d KB as readers get it, over %d KB: save it smaller, or as a JPEG if it is a photograph", im.Name, im.Served()>>10, MaxServed>>10)
}

// fileName is alt text that is only a file's name, or a camera's name for
// a photograph, which tells a reader nothing of what the image shows.
var fileName = regexp.MustCompile(`(?i)^[\w.() -]+\.(png|jpe?g|gif|webp|svg|avif|heic)$|^(img|dsc|pxl|screenshot)[_ -]?\d+$`)

// AltIsFileName reports whether alt text is an image's file name.
func AltIsFileName(alt string) bool { return fileName.MatchString(strings.TrimSpace(alt)) }

// whole reports whether an image file ends as its format ends, which a
// file cut short in a copy or a download does not: checked without
// decoding its pixels.
func whole(data []byte, format string) bool {
	tail := data[max(0, len(data)-4096):]
	switch format {
	case "png":
		return bytes.HasSuffix(data, []byte("IEND\xaeB`\x82"))
	case "jpeg":
		return bytes.Contains(tail, []byte{0xFF, 0xD9})
	case "gif":
		return bytes.HasSuffix(bytes.TrimRight(data, "\x00"), []byte{0x3B})
	}
	return true
}
