// `npm run package`: builds the release binary (cargo build --release at the repository root),
// copies it into server/, and packages a platform-specific .vsix with @vscode/vsce.
//
//   npm run package                       build, then package
//   npm run package -- --no-build         package target/release/iam-policy-ls as it is
//   npm run package -- --out FILE.vsix    choose the output file
//   npm run package -- --binary PATH      bundle this binary (implies --no-build)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(ext, '..', '..');
const args = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));

const exe = process.platform === 'win32' ? 'iam-policy-ls.exe' : 'iam-policy-ls';
const targets = {
  'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'linux-arm': 'linux-armhf',
  'darwin-x64': 'darwin-x64', 'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64',
};
const target = targets[`${process.platform}-${process.arch}`];
if (!target) {
  console.error(`package: no VS Code target for ${process.platform}-${process.arch}`);
  process.exit(1);
}
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
execFileSync(process.execPath, [vsce, 'package', '--target', target, '--out', out], { cwd: ext, stdio: 'inherit' });
console.log(`package: wrote ${out}`);
