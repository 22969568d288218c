// Preloaded into the CLI by bench/run.mjs (`node --require bench/rss-hook.cjs server/out/cli.js …`):
// reports the process's peak resident set size on stderr at exit, so peak memory is measured the
// same way on every machine without /usr/bin/time. maxRSS is in kilobytes.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  writeSync(2, `\nREADINESS_BENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
