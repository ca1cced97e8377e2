// Fails when an installed package does not support a Node.js version that package.json's `engines` promises.
// npm's EBADENGINE warning covers only the Node.js that runs the install; this checks the first promised
// release of each major line from the lowest promised one to two lines past the newest named
// (for `^20.19.0 || ^22.13.0 || >=24.11.0`: 20.19.0, 22.13.0, 24.11.0, 25.0.0 and 26.0.0).
import { readFileSync } from 'node:fs';
import semver from 'semver';

const { engines } = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const branches = new semver.Range(engines.node).set.map((comparators) => comparators.map(String).join(' '));
const lowest = branches.map((branch) => semver.minVersion(branch));
const majors = lowest.map((version) => version.major);
const versions = [];
for (let major = Math.min(...majors); major <= Math.max(...majors) + 2; major++) {
  const firsts = branches
    .map((branch) => semver.minVersion(new semver.Range(`${branch} >=${major}.0.0 <${major + 1}.0.0-0`)))
    .filter((version) => version !== null && version.major === major);
  if (firsts.length > 0) versions.push(firsts.sort(semver.compare)[0].version);
}

const failures = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  const range = entry.engines?.node;
  if (!location || !range) continue;
  const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
  for (const version of versions) {
    if (!semver.satisfies(version, range))
      failures.push(`${name}@${entry.version} wants node ${range}: not ${version}`);
  }
}
if (failures.length > 0) {
  console.error(`package.json promises node ${engines.node}, but:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`Every installed package supports node ${versions.join(', ')} (package.json: ${engines.node})`);
