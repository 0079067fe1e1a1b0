package folders

import "testing"

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"4913": true, ".skills.md.swp": true, "skills.md~": true, ".#skills.md": true, "#skills.md#": true,
		"skills.md___jb_tmp___": true, "skills.md___jb_old___": true, ".goutputstream-ABC123": true,
		"~$report.docx": true, "skills.md___jb_bak___": true, "skills.md.bck": true,
		"skills.md.sb-5d2c1a3f-AbCdEf": true, "chart.png.part": true,
		"skills.md": false, "chart.png": false, "4914.md": false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestOf(t *testing.T) {
	for _, c := range []struct {
		rel, part, rest string
		ok              bool
	}{
		{"site.toml", Config, "", true},
		{"content", Content, "", true},
		{"content/objectives/skills.md", Content, "objectives/skills.md", true},
		{"layouts/_partials/head.html", Layouts, "_partials/head.html", true},
		{"assets/css/site.css", Assets, "css/site.css", true},
		{"data/progress.csv", Data, "progress.csv", true},
		{"data", Data, "", true},
		{"database/a.csv", "", "", false},
		{"contents/a.md", "", "", false},
		{"README.md", "", "", false},
		{"public/index.html", "", "", false},
	} {
		part, rest, ok := Of(c.rel)
		if part != c.part || rest != c.rest || ok != c.ok {
			t.Errorf("Of(%q) = %q, %q, %v; want %q, %q, %v", c.rel, part, rest, ok, c.part, c.rest, c.ok)
		}
	}
}

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		p, dir string
		want   bool
	}{
		{"/site/content", "/site/content", true},
		{"/site/content/a/b.md", "/site/content", true},
		{"/site/contents", "/site/content", false},
		{"/site", "/site/content", false},
		{"/site/content/../public", "/site/content", false},
		{"/other", "/site", false},
	} {
		if got := Within(c.p, c.dir); got != c.want {
			t.Errorf("Within(%q, %q) = %v, want %v", c.p, c.dir, got, c.want)
		}
	}
}
