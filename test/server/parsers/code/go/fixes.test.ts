import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp, ServeFact } from '../../../../../server/src/model/app';
import { applyEdits } from '../../../../../server/src/core/edits';
import { go as goSupport } from '../../../../../server/src/parsers/code/go';
import { freshName, importEdits } from '../../../../../server/src/parsers/code/go/edit';
import { withGoTree } from '../../../../../server/src/parsers/code/go/syntax';
import { goModFix } from '../../../../../server/src/parsers/code/go/service';
import { loadGrammar } from '../../../../../server/src/parsers/shell/grammar';
import { analyzeFiles, applyFix, memoryWorkspace } from '../../../../helpers/workspace';
import { fixture, go, goMod, parsesCleanly } from './_helpers';

async function addImports(text: string, paths: string[]): Promise<string> {
  await loadGrammar('go');
  const ws = memoryWorkspace({ 'main.go': text });
  const file = ws.file('main.go')!;
  return applyEdits(text, withGoTree(text, (root) => importEdits(file, root, paths), []));
}

async function factsOf(text: string) {
  await loadGrammar('go');
  const ws = memoryWorkspace({ 'go.mod': goMod('example.com/x'), 'main.go': text });
  return { ws, facts: goSupport.extract(ws.file('main.go')!, ws) };
}

describe('Go fix helpers', () => {
  it('imports: into sorted groups, a single import becomes a block, none yet after the package clause', async () => {
    const grouped = go('package main', '', 'import (', '\t"fmt"', '\t"os"', '', '\t"github.com/gin-gonic/gin"', ')');
    assert.equal(await addImports(grouped, ['time', 'context', 'golang.org/x/time/rate']), go('package main', '', 'import (', '\t"context"', '\t"fmt"', '\t"os"', '\t"time"', '', '\t"github.com/gin-gonic/gin"', '\t"golang.org/x/time/rate"', ')'));
    assert.equal(await addImports(go('package main', '', 'import "fmt"'), ['time']), go('package main', '', 'import (', '\t"fmt"', '\t"time"', ')'));
    assert.equal(await addImports(go('package main', '', 'func main() {}'), ['os']), go('package main', '', 'import (', '\t"os"', ')', '', 'func main() {}'));
    const third = go('package main', '', 'import (', '\t"github.com/gin-gonic/gin"', ')');
    assert.equal(await addImports(third, ['net/http']), go('package main', '', 'import (', '\t"net/http"', '', '\t"github.com/gin-gonic/gin"', ')'));
    assert.equal(await addImports(grouped, ['fmt']), grouped, 'already imported');
    for (const t of [grouped, third]) assert.ok(await parsesCleanly(await addImports(t, ['a/b', 'z'])));
  });

  it('freshName avoids identifiers in scope', () => {
    assert.equal(freshName('ctx := 1', 'ctx', 'sigCtx'), 'sigCtx');
    assert.equal(freshName('srv server httpServer', 'srv', 'server', 'httpServer'), 'srv2');
    assert.equal(freshName('mysrv := 1', 'srv'), 'srv');
  });

  it('go.mod: appended to the require block, or a new require line; not offered when present', async () => {
    const ws = memoryWorkspace({ 'svc/go.mod': goMod('example.com/svc', 'github.com/gin-gonic/gin v1.10.0'), 'svc/main.go': 'package main\n', 'bare/go.mod': 'module example.com/bare\n\ngo 1.22\n', 'bare/main.go': 'package main\n' });
    const add = goModFix(ws, 'svc/main.go', 'github.com/go-chi/httprate', 'v0.9.0')!;
    assert.equal(applyEdits(ws.file('svc/go.mod')!.text, add.changes[0].edits), goMod('example.com/svc', 'github.com/gin-gonic/gin v1.10.0', 'github.com/go-chi/httprate v0.9.0'));
    const bare = goModFix(ws, 'bare/main.go', 'golang.org/x/time', 'v0.5.0')!;
    assert.equal(applyEdits(ws.file('bare/go.mod')!.text, bare.changes[0].edits), 'module example.com/bare\n\ngo 1.22\n\nrequire golang.org/x/time v0.5.0\n');
    assert.equal(goModFix(ws, 'svc/main.go', 'github.com/gin-gonic/gin', 'v1.9.0'), undefined);
    assert.equal(goModFix(memoryWorkspace({ 'main.go': '' }), 'main.go', 'x.y/z', 'v1.0.0'), undefined, 'no go.mod, no action');
  });

  it('builders decline what they cannot rewrite safely: a package-level app, a serve call inside a goroutine', async () => {
    const pkgLevel = go('package main', '', 'import "github.com/gin-gonic/gin"', '', 'var r = gin.New()', '', 'func main() {', '\t_ = r.Run()', '}');
    const a = await factsOf(pkgLevel);
    const app = a.facts.apps[0] as HttpApp;
    assert.deepEqual(goSupport.fixes.addHealthRoute!(app, a.ws), []);
    assert.deepEqual(goSupport.fixes.addRateLimit!(app, a.ws), []);
    const inGoroutine = go('package main', '', 'import (', '\t"log"', '\t"net/http"', ')', '', 'func main() {', '\tmux := http.NewServeMux()', '\tgo func() {', '\t\tlog.Fatal(http.ListenAndServe(":8080", mux))', '\t}()', '\tselect {}', '}');
    const b = await factsOf(inGoroutine);
    const serve = b.facts.facts.find((f) => f.kind === 'serve') as ServeFact;
    assert.deepEqual(goSupport.fixes.addGracefulShutdown!(b.facts.apps[0], serve, b.ws), []);
    assert.equal(goSupport.fixes.addServerTimeouts!(serve, b.ws).length, 1, 'timeouts still apply inside the goroutine');
  });

  it('every fix of the realistic services leaves Go that parses', async () => {
    for (const name of ['gin-shop', 'billing', 'catalog', 'notify', 'edge']) {
      const files = fixture(name);
      for (const f of (await analyzeFiles(files)).findings) {
        for (const fix of f.fixes) {
          const fixed = applyFix(files, fix);
          for (const c of fix.changes) if (c.file.endsWith('.go')) assert.ok(await parsesCleanly(fixed[c.file]), `${name}: ${fix.title}`);
        }
      }
    }
  });
});
