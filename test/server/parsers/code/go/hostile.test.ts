import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../../../../helpers/workspace';
import { extractAll, go, goMod } from './_helpers';

/** The whole engine on one Go file: no rule may crash (analyzeFiles throws if one does), nothing may hang. */
async function survive(text: string, budgetMs = 10_000) {
  const started = Date.now();
  const result = await analyzeFiles({ 'go.mod': goMod('example.com/x'), 'main.go': text });
  assert.ok(Date.now() - started < budgetMs, `took ${Date.now() - started} ms`);
  return result;
}

const HEAD = 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n)\n\n';

describe('Go extraction on hostile input', () => {
  it('syntax errors: facts are best-effort and hasErrors is set', async () => {
    const broken = HEAD + 'func main() {\n\tr := gin.Default(\n\tr.GET("/x", func(c *gin.Context) {\n\t_ = r.Run(":8080"\n';
    const facts = (await extractAll({ 'main.go': broken })).get('main.go')!;
    assert.equal(facts.hasErrors, true);
    await survive(broken);
  });

  it('deep nesting of calls, blocks, selector chains and composite literals', async () => {
    await survive(HEAD + `func main() {\n\tr := gin.New()\n\t_ = ${'f('.repeat(3000)}r${')'.repeat(3000)}\n}\n`);
    await survive(HEAD + `func main() {\n${'{'.repeat(3000)}\n${'}'.repeat(3000)}\n}\n`);
    await survive(HEAD + `func main() {\n\tr := gin.New()\n\tr${'.With(m)'.repeat(3000)}.GET("/x", nil)\n}\n`);
    await survive(HEAD + `var x = ${'[]any{'.repeat(2000)}${'}'.repeat(2000)}\n`);
  });

  it('garbage, empty and huge inputs', async () => {
    for (const text of ['', 'package', '\u0000\u0001\u0002', '}}}{{{((("', HEAD, HEAD + `var s = "${'a'.repeat(200_000)}"\n`]) await survive(text);
    const many = HEAD + 'func main() {\n\tr := gin.New()\n' + Array.from({ length: 3000 }, (_, i) => `\tr.GET("/r${i}", nil)`).join('\n') + '\n\t_ = http.ListenAndServe(":8080", r)\n}\n';
    const facts = (await extractAll({ 'main.go': many })).get('main.go')!;
    assert.equal(facts.facts.filter((f) => f.kind === 'route').length, 3000);
  });

  it('shadowing: `r` as *http.Request inside a handler is not the router', async () => {
    const src = go(
      'package main',
      '',
      'import "net/http"',
      '',
      'func main() {',
      '\tr := http.NewServeMux()',
      '\tr.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {',
      '\t\tr.Header.Get("X")',
      '\t})',
      '}',
    );
    const facts = (await extractAll({ 'main.go': src })).get('main.go')!;
    assert.deepEqual(facts.facts.filter((f) => f.kind === 'route').map((f) => (f as { path: string }).path), ['/a']);
  });
});
