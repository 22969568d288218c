// Entry of the separate `server/out/ts-morph.js` bundle (see server/build.mjs): the TypeScript compiler
// inside ts-morph is megabytes of code, so it lives outside server.js and is required only when the
// first TS/JS file that can matter is analysed.
export { Project, ts } from 'ts-morph';
