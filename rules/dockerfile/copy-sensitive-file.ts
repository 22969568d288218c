import { defineRule } from '../../server/src/core/rule';
import { stageChain } from '../../server/src/model/image';
import type { DockerfileModel, DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import { normalize } from '../../server/src/workspace/workspace';
import { basename, withTriggers } from './_a';
import { defaultContext, dockerIgnoreFor } from './_ignorefile';

// Basename words that mark a PEM file as a certificate (public) rather than a key.
const CERT_WORDS = /(^|[-_.])(ca|cacert|cacerts|cert|certs|certificate|certificates|chain|fullchain|bundle|root|roots|trust|truststore|public|pub|crt)([-_.]|$)/i;
const KEY_WORDS = /(key|priv|secret)/i;
// `.key` files that are public signing keys for package repositories.
const PUBLIC_KEY_WORDS = /(gpg|pgp|pub|public|keyring|signing|release|repo|apt|yum)/i;

/** Why a COPY/ADD source is sensitive, or undefined. Works on wildcards (`*.pem`) as written. */
export function sensitiveReason(source: string): string | undefined {
  const path = trimTrailingSlashes(source.replace(/\\/g, '/'));
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) return undefined;
  for (const seg of segments.slice(0, -1)) {
    if (seg === '.git') return 'the git metadata directory (history, remotes, sometimes credentials)';
    if (seg === '.ssh') return 'an SSH directory';
    if (seg === '.aws') return 'AWS credentials';
    if (seg === '.kube') return 'Kubernetes credentials';
    if (seg === '.gnupg') return 'a GnuPG keyring';
  }
  const name = segments[segments.length - 1];
  const lower = name.toLowerCase();
  const dir = segments.length > 1 ? segments[segments.length - 2] : '';
  if (lower === '.git') return 'the git metadata directory (history, remotes, sometimes credentials)';
  if (lower === '.ssh') return 'an SSH directory';
  if (lower === '.aws') return 'AWS credentials';
  if (lower === '.kube') return 'Kubernetes credentials';
  if (lower === '.gnupg') return 'a GnuPG keyring';
  if (lower.startsWith('.env') && !/^\.env[._-]?(example|sample|template|dist|defaults?)$/.test(lower) && !/\.(example|sample|template|dist)$/.test(lower)) {
    return 'an environment file (usually holds credentials)';
  }
  if (/^id_(rsa|ed25519|ecdsa|dsa)/.test(lower) && !lower.endsWith('.pub')) return 'an SSH private key';
  if (lower === '.npmrc') return 'an npm config (may hold an auth token)';
  if (lower === '.pypirc') return 'a PyPI config (holds upload credentials)';
  if (lower === '.netrc' || lower === '_netrc') return 'a .netrc (holds login credentials)';
  if (lower === '.git-credentials') return 'stored git credentials';
  if (lower === '.pgpass') return 'a PostgreSQL password file';
  if (lower === '.dockercfg' || (lower === 'config.json' && dir === '.docker')) return 'Docker registry credentials';
  if (/^(credentials|service[-_]?account|client[-_]secret)[^/]*\.json$/.test(lower)) return 'a credentials JSON file';
  if (/\.(p12|pfx)$/.test(lower)) return 'a PKCS#12 keystore (holds a private key)';
  if (lower.endsWith('.key')) {
    if (PUBLIC_KEY_WORDS.test(lower)) return undefined;
    return 'a private key';
  }
  if (lower.endsWith('.pem')) {
    // `*.pem` in a directory named for certificates (certs/*.pem) is a certificate bundle.
    const stem = lower.slice(0, -4);
    const judged = stem.includes('*') || stem.includes('?') ? dir.toLowerCase() : stem;
    if (CERT_WORDS.test(judged) && !KEY_WORDS.test(judged)) return undefined;
    return 'a PEM file (often a private key)';
  }
  return undefined;
}

/** WORKDIR in effect before an instruction ('/' by default); undefined when a variable hides it. */
function workdirBefore(stage: DockerStage, before: DockerInstruction): string | undefined {
  let dir = '/';
  for (const s of stageChain(stage)) {
    for (const ins of s.instructions) {
      if (ins === before) return dir;
      if (ins.keyword !== 'WORKDIR') continue;
      const value = (ins.resolvedArgsText ?? ins.argsText).trim();
      if (value.includes('$')) return undefined;
      dir = '/' + normalize(value.startsWith('/') ? value : `${dir}/${value}`);
    }
  }
  return dir;
}

/** Where a COPY puts one of its sources in the stage's filesystem, when knowable. */
function destinationOf(stage: DockerStage, ins: DockerInstruction, source: string): string | undefined {
  const dest = ins.paths?.dest?.text;
  const workdir = workdirBefore(stage, ins);
  if (dest === undefined || dest.includes('$') || (!dest.startsWith('/') && workdir === undefined)) return undefined;
  const target = dest.startsWith('/') ? dest : `${workdir}/${dest}`;
  const intoDir = /[/\\]$|^\.$/.test(dest) || (ins.paths?.sources.length ?? 0) > 1;
  return '/' + normalize(intoDir ? `${target}/${basename(source.replace(/[/\\]+$/, ''))}` : target);
}

/**
 * Whether a file copied into `stage` reaches the final image: the stage is part of it, or the final
 * image copies a directory holding the file out of it (`COPY --from=deps /app ./`). One level of
 * `COPY --from` is followed; an unknowable path counts as reaching it.
 */
function ships(model: DockerfileModel, stage: DockerStage | undefined, destination: string | undefined): boolean {
  const final = model.finalStage;
  if (!stage || !final) return true;
  const image = stageChain(final);
  if (image.includes(stage)) return true;
  for (const s of image) {
    for (const ins of s.instructions) {
      const from = ins.keyword === 'COPY' ? ins.flags.find((f) => f.name === 'from')?.value : undefined;
      if (from === undefined || (model.stageByName(from) ?? model.stages[Number(from)]) !== stage) continue;
      for (const src of ins.paths?.sources ?? []) {
        if (destination === undefined || /[*?[$]/.test(src.text)) return true;
        const covered = '/' + normalize(src.text);
        if (covered === '/' || destination === covered || destination.startsWith(covered + '/')) return true;
      }
    }
  }
  return false;
}

export default defineRule({
  id: 'dockerfile/copy-sensitive-file',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'COPY/ADD puts a credential file (.env, private key, .npmrc, .git…) into the image.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    let failed = false;
    // ONBUILD triggers run in every image built FROM this one: they always ship.
    const triggers = new Set(model.instructions.map((i) => i.trigger));
    const ignore = dockerIgnoreFor(ctx.workspace, file.path, defaultContext(file.path));
    for (const ins of withTriggers(model.instructions)) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !ins.paths) continue;
      const fromOther = ins.flags.some((f) => f.name === 'from');
      for (const src of ins.paths.sources) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(src.text) || /^git@/.test(src.text)) continue;
        const reason = sensitiveReason(src.text);
        if (!reason) continue;
        // A build-context source excluded by .dockerignore never reaches the image.
        // A wildcard source is judged on a representative name (`*.pem` → `x.pem`).
        if (!fromOther && ignore.excludes(src.text.replace(/[*?]/g, 'x'))) continue;
        // A build stage's files are discarded unless the final image copies them out.
        const stage = ins.stage;
        if (!triggers.has(ins) && stage && !ships(model, stage, destinationOf(stage, ins, src.text))) continue;
        failed = true;
        ctx.report({
          file: file.path,
          range: src.range,
          message: `${ins.keyword} \`${src.text}\` copies ${reason} into the image, where every layer keeps it even if a later step deletes it. Use \`RUN --mount=type=secret\` for build-time credentials and exclude the file in .dockerignore.`,
          data: { source: src.text },
        });
      }
    }
    if (!failed) ctx.pass();
  },
});

/** `/\/+$/` is quadratic on a long run of slashes that does not end the string; this is linear. */
function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}
