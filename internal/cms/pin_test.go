package cms

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// browserTools is where the browser tests' npm packages are, the CMS among
// them.
const browserTools = "../../cmd/plansite/testdata/browser"

// TestPinnedScript checks that the version and integrity value the admin
// page loads the CMS with are those of the package the browser tests
// pin and drive: a version bumped in one place and not the other would
// have browsers refuse the script.
func TestPinnedScript(t *testing.T) {
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	data, err := os.ReadFile(filepath.Join(browserTools, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	if got := pkg.DevDependencies["decap-cms"]; got != DecapVersion {
		t.Errorf("package.json pins decap-cms %q, the admin page loads %s", got, DecapVersion)
	}
	script, err := os.ReadFile(filepath.Join(browserTools, "node_modules", "decap-cms", "dist", "decap-cms.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the decap-cms npm package is missing, and CI is set: .ci/run should have installed it: %v", err)
		}
		t.Skipf("the decap-cms npm package is missing (npm ci in cmd/plansite/testdata/browser): %v", err)
	}
	sum := sha512.Sum384(script)
	if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != decapIntegrity {
		t.Errorf("the package's dist/decap-cms.js has integrity %s, the admin page says %s", got, decapIntegrity)
	}
}
