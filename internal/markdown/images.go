package markdown

import (
	"strconv"

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
	src := im.Sources(l.Target.URL)
	if im.Src != nil {
		n.Destination = []byte(src.Src)
	}
	n.SetAttributeString("width", []byte(strconv.Itoa(im.Width)))
	n.SetAttributeString("height", []byte(strconv.Itoa(im.Height)))
	if src.SrcSet != "" {
		n.SetAttributeString("srcset", []byte(src.SrcSet))
		n.SetAttributeString("sizes", []byte(src.Sizes))
	}
	if st.imagesSeen {
		n.SetAttributeString("loading", []byte("lazy"))
		n.SetAttributeString("decoding", []byte("async"))
	}
	st.imagesSeen = true
}
