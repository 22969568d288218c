import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/shell-form-entrypoint';

async function spots(text: string, path = 'Dockerfile'): Promise<string[]> {
  return (await findingsOf(RULE, { [path]: text })).map((f) => `${f.range.start.line + 1}:${f.range.start.character}-${f.range.end.character}`);
}

const PY = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n';

describe(RULE, () => {
  it('flags a shell-form CMD on its command text', async () => {
    assert.deepEqual(await spots(PY + 'CMD gunicorn -b 0.0.0.0:8000 app.wsgi\n'), ['4:4-37']);
  });

  it('flags a shell-form ENTRYPOINT once, not the CMD it ignores', async () => {
    const found = await findingsOf(RULE, { Dockerfile: PY + 'ENTRYPOINT python -m app\nCMD --port 8000\n' });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /ignores CMD/);
  });

  it('flags a shell-form CMD handed to an exec-form ENTRYPOINT', async () => {
    const found = await findingsOf(RULE, { Dockerfile: PY + 'ENTRYPOINT ["/docker-entrypoint.sh"]\nCMD python -m app\n' });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /ENTRYPOINT receives/);
    assert.equal(found[0].fixes[0].safety, 'unsafe');
  });

  it('flags sh -c scripts that do not exec, on the final command', async () => {
    const text = PY + 'CMD ["sh", "-c", "python manage.py migrate && gunicorn -b 0.0.0.0:$PORT app.wsgi"]\n';
    assert.deepEqual(await spots(text), ['4:46-54']);
    assert.deepEqual(await spots(PY + 'ENTRYPOINT ["/bin/bash", "-lc", "node server.js"]\n'), ['4:33-37']);
    assert.deepEqual(await spots(PY + 'CMD ["/usr/bin/env", "bash", "-c", "node server.js"]\n').then((s) => s.length), 1);
  });

  it('only judges the start command that takes effect', async () => {
    // Earlier CMDs, build stages and a CMD reset by a later ENTRYPOINT do not run.
    const text = [
      'FROM node:20 AS build',
      'CMD npm run build',
      'FROM node:20-slim AS base',
      'CMD node server.js',
      'FROM base',
      'ENTRYPOINT ["node", "server.js"]',
      '',
    ].join('\n');
    assert.deepEqual(await spots(text), []);
    // Inherited through FROM <stage>: the base stage's CMD is the one that runs.
    assert.deepEqual(await spots('FROM node:20-slim AS base\nCMD node server.js\nFROM base\nENV NODE_ENV=production\n'), ['2:4-18']);
    // A later CMD wins over an earlier one.
    assert.deepEqual(await spots('FROM node:20-slim\nCMD node old.js\nCMD ["node", "server.js"]\n'), []);
  });

  it('does not flag exec form, exec in the script, traps, or Windows', async () => {
    const ok = [
      PY + 'CMD ["gunicorn", "app.wsgi"]\n',
      PY + 'CMD exec gunicorn -b 0.0.0.0:$PORT app.wsgi\n',
      PY + 'CMD ["sh", "-c", "python manage.py migrate && exec gunicorn app.wsgi"]\n',
      PY + 'ENTRYPOINT ["tini", "--"]\nCMD ["python", "-m", "app"]\n',
      PY + "CMD [\"sh\", \"-c\", \"trap 'kill -TERM $PID' TERM; python -m app & PID=$!; wait $PID\"]\n",
      '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nCMD powershell -File C:\\app\\run.ps1\r\n',
      'FROM alpine:3.20\nSHELL ["pwsh", "-Command"]\nCMD Write-Host hi\n',
      PY,
    ];
    for (const text of ok) assert.deepEqual(await spots(text), [], text);
  });

  it('offers a safe JSON conversion for a static command, with proper escaping', async () => {
    const text = PY + 'CMD python -m app --greeting "hello world" --path C:\\\\data\n';
    const found = await findingsOf(RULE, { Dockerfile: text });
    assert.equal(found[0].fixes[0].safety, 'safe');
    const { fixed } = await checkFix(RULE, { Dockerfile: text });
    assert.equal(fixed.Dockerfile, PY + 'CMD ["python", "-m", "app", "--greeting", "hello world", "--path", "C:\\\\data"]\n');
  });

  it('converts a multi-line shell form with continuations and keeps CRLF elsewhere', async () => {
    const text = 'FROM node:20-slim\r\nCOPY . .\r\nCMD node \\\r\n    server.js\r\nEXPOSE 3000\r\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text });
    assert.equal(fixed.Dockerfile, 'FROM node:20-slim\r\nCOPY . .\r\nCMD ["node", "server.js"]\r\nEXPOSE 3000\r\n');
  });

  it('does not offer JSON when the command needs the shell; offers exec instead', async () => {
    for (const cmd of ['gunicorn -b 0.0.0.0:$PORT app.wsgi', 'node server.js > /var/log/app.log', 'python ~/app.py', 'php *.php']) {
      const found = await findingsOf(RULE, { Dockerfile: PY + `CMD ${cmd}\n` });
      assert.ok(!found[0].fixes.some((f) => f.title.startsWith('Use exec form')), cmd);
    }
    const { fixed } = await checkFix(RULE, { Dockerfile: PY + 'CMD python manage.py migrate && gunicorn -b 0.0.0.0:$PORT app.wsgi\n' });
    assert.equal(fixed.Dockerfile, PY + 'CMD python manage.py migrate && exec gunicorn -b 0.0.0.0:$PORT app.wsgi\n');
  });

  it('inserts exec inside the -c script', async () => {
    const text = PY + 'CMD ["sh", "-c", "python manage.py migrate && gunicorn -b \\"0.0.0.0:$PORT\\" app.wsgi"]\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text });
    assert.equal(fixed.Dockerfile, PY + 'CMD ["sh", "-c", "python manage.py migrate && exec gunicorn -b \\"0.0.0.0:$PORT\\" app.wsgi"]\n');
  });

  it('offers no exec fix where it would be unsound', async () => {
    for (const script of ['a | b', 'if true; then node s.js; fi', 'FOO=1 node s.js', 'node s.js &', 'cd /app; node s.js 2>&1']) {
      const found = await findingsOf(RULE, { Dockerfile: PY + `CMD ["sh", "-c", ${JSON.stringify(script)}]\n` });
      assert.equal(found.length, 1, script);
      assert.deepEqual(found[0].fixes, [], script);
    }
  });
});
