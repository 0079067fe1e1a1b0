package markdown

import (
	"path"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// size gives a local raster image its width and height, so that the page
// keeps its place while the image loads, and, when it is wider than the
// column, a srcset of its smaller copies. Every image but the page's first
// loads lazily, off the main thread.
func (st *state) size(n *ast.Image) {
	l := &st.result.Links[len(st.result.Links)-1]
	if st.images == nil || l.Target.File == "" || l.Target.Problem != "" {
		return
	}
	im, err := st.images.Image(l.Target.File)
	if err != nil {
		l.Target.Problem = "content/" + l.Target.File + ": " + err.Error()
		return
	}
	if im == nil {
		return
	}
	l.Sized = im
	dir := l.Target.URL[:strings.LastIndexByte(l.Target.URL, '/')+1]
	if im.Src != nil {
		n.Destination = []byte(dir + path.Base(im.Src.Name))
	}
	n.SetAttributeString("width", []byte(strconv.Itoa(im.Width)))
	n.SetAttributeString("height", []byte(strconv.Itoa(im.Height)))
	if set := im.SrcSet(dir); set != "" {
		n.SetAttributeString("srcset", []byte(set))
		n.SetAttributeString("sizes", []byte(im.Sizes))
	}
	if st.imagesSeen {
		n.SetAttributeString("loading", []byte("lazy"))
		n.SetAttributeString("decoding", []byte("async"))
	}
	st.imagesSeen = true
}
