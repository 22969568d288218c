import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/add-instead-of-copy';

describe(RULE, () => {
  it('flags ADD of local files and directories, on the keyword', async () => {
    const df = [
      'FROM alpine:3.20',
      'ADD requirements.txt /app/',
      'ADD --chown=app:app src/ /app/src/',
      'ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini',
      'ADD rootfs.tar.gz /',
      'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/x.bin /x',
      'ADD git@github.com:moby/buildkit.git /src',
      'ADD ${ARCHIVE} /opt/',
      'ADD vendor/*.whl /wheels/',
      'ADD dist/* /opt/dist/',
      'COPY . /app',
    ].join('\n');
    const found = await findingsOf(RULE, { Dockerfile: df, 'dist/app.tgz': '' });
    assert.deepEqual(found.map((f) => [f.range.start.line + 1, f.range.start.character, f.range.end.character]), [[2, 0, 3], [3, 0, 3], [9, 0, 3]]);
    assert.match(found[0].message, /`ADD requirements\.txt` only copies local files/);
    const result = await analyzeFiles({ Dockerfile: df, 'dist/app.tgz': '' });
    assert.deepEqual(result.checks.find((c) => c.rule === RULE), { rule: RULE, category: 'containers', severity: 'info', passed: 6, applicable: 9 });
  });

  it('fix swaps the keyword only, keeping flags and case', async () => {
    const a = await checkFix(RULE, { Dockerfile: 'FROM alpine:3.20\r\nADD --chown=app:app --chmod=0755 entrypoint.sh /usr/local/bin/\r\n' });
    assert.equal(a.fixed.Dockerfile, 'FROM alpine:3.20\r\nCOPY --chown=app:app --chmod=0755 entrypoint.sh /usr/local/bin/\r\n');
    const b = await checkFix(RULE, { Dockerfile: 'from alpine:3.20\nadd app.py /app/\n' });
    assert.equal(b.fixed.Dockerfile, 'from alpine:3.20\ncopy app.py /app/\n');
  });
});
