// `npm run package`: builds the release binary (cargo build --release at the repository root),
// copies it into server/, and packages a platform-specific .vsix with @vscode/vsce.
//
//   npm run package                       build, then package
//   npm run package -- --no-build         package target/release/iam-policy-ls as it is
//   npm run package -- --out FILE.vsix    choose the output file
//   npm run package -- --binary PATH      bundle this binary (implies --no-build)
//   npm run package -- --target T         the VS Code target (linux-x64, darwin-arm64,
//                                         win32-x64, ...; default: this machine's), for a
//                                         binary built for another platform (the release
//                                         workflow packages each platform's binary this way)
//
// The README's images stay relative links (--no-rewrite-relative-links): they are packaged
// in the .vsix, and vsce would otherwise point them at a repository URL that may not exist.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(ext, '..', '..');
const args = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));

const targets = {
  'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'linux-arm': 'linux-armhf',
  'darwin-x64': 'darwin-x64', 'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64',
};
const targetIndex = args.indexOf('--target');
const target = targetIndex >= 0 ? args[targetIndex + 1] : targets[`${process.platform}-${process.arch}`];
if (!target || !Object.values(targets).includes(target)) {
  console.error(`package: no VS Code target for ${targetIndex >= 0 ? target : `${process.platform}-${process.arch}`}`);
  process.exit(1);
}
const exe = target.startsWith('win32') ? 'iam-policy-ls.exe' : 'iam-policy-ls';
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(ext, `${pkg.name}-${target}-${pkg.version}.vsix`);

const binaryIndex = args.indexOf('--binary');
if (binaryIndex < 0 && !args.includes('--no-build')) {
  console.log('package: cargo build --release');
  execFileSync('cargo', ['build', '--release'], { cwd: repo, stdio: 'inherit' });
}
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(repo, process.env.CARGO_TARGET_DIR) : path.join(repo, 'target');
const binary = binaryIndex >= 0 ? path.resolve(args[binaryIndex + 1]) : path.join(targetDir, 'release', exe);
if (!fs.existsSync(binary)) {
  console.error(`package: ${binary} does not exist; run cargo build --release first`);
  process.exit(1);
}
const serverDir = path.join(ext, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir, { recursive: true });
fs.copyFileSync(binary, path.join(serverDir, exe));
fs.chmodSync(path.join(serverDir, exe), 0o755);
// The binary carries catalog data whose licences the NOTICE lists.
fs.copyFileSync(path.join(repo, 'NOTICE'), path.join(serverDir, 'NOTICE'));

const vsce = path.join(ext, 'node_modules', '@vscode', 'vsce', 'vsce');
console.log(`package: vsce package --target ${target} --out ${out}`);
execFileSync(process.execPath, [vsce, 'package', '--target', target, '--no-rewrite-relative-links', '--out', out], { cwd: ext, stdio: 'inherit' });
console.log(`package: wrote ${out}`);
