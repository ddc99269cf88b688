// Builds the browser bundle of JsSIP that the demo page loads as /demo/jssip.min.js: the npm package ships
// only CommonJS for Node, so esbuild bundles node_modules/jssip (and its debug/events/sdp-transform deps) into
// one minified IIFE that defines the global `JsSIP`. Reproducible: same package-lock.json, same output.
// Usage: node build-jssip-bundle.mjs OUTFILE
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: node build-jssip-bundle.mjs OUTFILE\n');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const entry = require.resolve('jssip');
const version = JSON.parse(readFileSync(require.resolve('jssip/package.json'), 'utf8')).version;

await build({
  entryPoints: [entry],
  outfile: out,
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'JsSIP',
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  banner: { js: `/*! JsSIP ${version} (MIT license, https://jssip.net), bundled by WebTrunk's build-jssip-bundle.mjs */` },
  logLevel: 'warning',
});
process.stdout.write(`${out}: JsSIP ${version}\n`);
